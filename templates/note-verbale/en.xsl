<?xml version="1.0" encoding="UTF-8"?>
<!-- Note verbale in English: the form is in common/third-person-note.xsl; the
     formulas are here. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:import href="../common/third-person-note.xsl"/>

  <xsl:variable name="lang" select="'en'"/>
  <xsl:variable name="kind" select="'note-verbale'"/>

  <!-- "the Embassy" (the head of the addressee's name) -->
  <xsl:variable name="short-addressee">
    <xsl:call-template name="en-the">
      <xsl:with-param name="name"><xsl:call-template name="head-of-name"><xsl:with-param name="name" select="$addressee-name"/></xsl:call-template></xsl:with-param>
    </xsl:call-template>
  </xsl:variable>

  <!-- The Ministry of Foreign Affairs of the Republic of Azerbaijan presents its
       compliments to the Embassy of ... and [, with reference to the Embassy’s
       note No. ... of ...,] has the honour to -->
  <xsl:template name="opening-prefix">
    <xsl:value-of select="concat('The ', $L/ministry, ' presents its compliments to ')"/>
    <xsl:call-template name="en-the"><xsl:with-param name="name" select="$addressee-name"/></xsl:call-template>
    <xsl:choose>
      <xsl:when test="$content/reference">
        <xsl:value-of select="concat(' and, with reference to ', $short-addressee, '’s note ', $L/number-label, $nbsp, normalize-space($content/reference/@number), ' of ')"/>
        <xsl:call-template name="format-date"><xsl:with-param name="iso" select="string($content/reference/@date)"/></xsl:call-template>
        <xsl:text>, has the honour to </xsl:text>
      </xsl:when>
      <xsl:otherwise> and has the honour to </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="closing-text">
    <xsl:value-of select="concat('The ', $L/ministry, ' avails itself of this opportunity to renew to ',
                                 $short-addressee, ' the assurances of its highest consideration.')"/>
  </xsl:template>

</xsl:stylesheet>
