<?xml version="1.0" encoding="UTF-8"?>
<!-- Letter to the United Nations in English: the form is in common/letters.xsl
     (mission letterhead, "Excellency,", text, request for circulation, close,
     "(Signed) Name", addressee at the foot of the page). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:import href="../common/letters.xsl"/>

  <xsl:variable name="lang" select="'en'"/>
  <xsl:variable name="kind" select="'un-letter'"/>

  <!-- "I have the honour to" unless the drafter wrote it. -->
  <xsl:template name="opening-prefix">
    <xsl:if test="not(starts-with($first-paragraph, 'I have the honour') or starts-with($first-paragraph, 'I have the honor'))">I have the honour to </xsl:if>
  </xsl:template>

  <xsl:template name="closing-text"><xsl:value-of select="concat('Please accept, ', $vocative, ', the assurances of my highest consideration.')"/></xsl:template>

  <!-- I should be grateful if you would have the present letter and its annex
       circulated as a document of the General Assembly, under agenda items 35
       and 71 (b), and of the Security Council. -->
  <xsl:template name="circulation-text">
    <xsl:if test="$content/circulation-request and ($to-ga or $to-sc)">
      <xsl:text>I should be grateful if you would have the present letter</xsl:text>
      <xsl:choose>
        <xsl:when test="$annex-count = 1"> and its annex</xsl:when>
        <xsl:when test="$annex-count &gt; 1"> and its annexes</xsl:when>
      </xsl:choose>
      <xsl:text> circulated as a document of </xsl:text>
      <xsl:if test="$to-ga">
        <xsl:if test="string($K/@session-in-request) = 'true' and string($session-ordinal) != ''">
          <xsl:value-of select="concat('the ', $session-ordinal, ' session of ')"/>
        </xsl:if>
        <xsl:text>the General Assembly</xsl:text>
        <xsl:if test="$agenda-count &gt; 0">
          <xsl:text>, under agenda item</xsl:text>
          <xsl:if test="$agenda-count &gt; 1">s</xsl:if>
          <xsl:text> </xsl:text>
          <xsl:call-template name="agenda-list"/>
        </xsl:if>
        <xsl:if test="$to-sc">, and of </xsl:if>
      </xsl:if>
      <xsl:if test="$to-sc">the Security Council</xsl:if>
      <xsl:text>.</xsl:text>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
