<?xml version="1.0" encoding="UTF-8"?>
<!-- BMT-yə məktub (Azərbaycan dilində): forma common/letters.xsl-də, düsturlar
     buradadır. Azerbaijani is not an official language of the United Nations:
     this rendering serves the Ministry's own file and internal clearance.

     The first paragraph ends with "şərəf duyuram" ("... təqdim etməkdən şərəf
     duyuram."); the template adds it unless the drafter wrote it. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:import href="../common/letters.xsl"/>

  <xsl:variable name="lang" select="'az'"/>
  <xsl:variable name="kind" select="'un-letter'"/>

  <xsl:template name="opening-suffix">
    <xsl:if test="not(contains($first-paragraph, 'şərəf'))"> şərəf duyuram.</xsl:if>
  </xsl:template>

  <xsl:template name="closing-text"><xsl:value-of select="concat($vocative, ', ən yüksək ehtiramımı qəbul etməyinizi xahiş edirəm.')"/></xsl:template>

  <!-- Bu məktubun və onun əlavəsinin Baş Assambleyanın sənədi kimi gündəliyin
       35-ci və 71 (b) bəndləri üzrə, həmçinin Təhlükəsizlik Şurasının sənədi kimi
       yayılmasını xahiş edirəm. -->
  <xsl:template name="circulation-text">
    <xsl:if test="$content/circulation-request and ($to-ga or $to-sc)">
      <xsl:text>Bu məktubun</xsl:text>
      <xsl:choose>
        <xsl:when test="$annex-count = 1"> və onun əlavəsinin</xsl:when>
        <xsl:when test="$annex-count &gt; 1"> və onun əlavələrinin</xsl:when>
      </xsl:choose>
      <xsl:if test="$to-ga">
        <xsl:text> Baş Assambleyanın </xsl:text>
        <xsl:if test="string($K/@session-in-request) = 'true' and string($session-ordinal) != ''">
          <xsl:value-of select="concat($session-ordinal, ' sessiyasının ')"/>
        </xsl:if>
        <xsl:text>sənədi kimi</xsl:text>
        <xsl:if test="$agenda-count &gt; 0">
          <xsl:text> gündəliyin </xsl:text>
          <xsl:call-template name="agenda-list">
            <xsl:with-param name="and" select="'və'"/>
            <xsl:with-param name="az-suffix" select="true()"/>
          </xsl:call-template>
          <xsl:choose>
            <xsl:when test="$agenda-count = 1"> bəndi üzrə</xsl:when>
            <xsl:otherwise> bəndləri üzrə</xsl:otherwise>
          </xsl:choose>
        </xsl:if>
        <xsl:if test="$to-sc">, həmçinin</xsl:if>
      </xsl:if>
      <xsl:if test="$to-sc"> Təhlükəsizlik Şurasının sənədi kimi</xsl:if>
      <xsl:text> yayılmasını xahiş edirəm.</xsl:text>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
