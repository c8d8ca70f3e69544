<?xml version="1.0" encoding="UTF-8"?>
<!-- Circular note in English: the form is in common/third-person-note.xsl; the
     formulas are here. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:import href="../common/third-person-note.xsl"/>

  <xsl:variable name="lang" select="'en'"/>
  <xsl:variable name="kind" select="'circular-note'"/>

  <xsl:variable name="missions">
    <xsl:text>the Diplomatic Missions</xsl:text>
    <xsl:if test="$audience = 'missions-and-organisations'"> and the Representations of International Organizations</xsl:if>
  </xsl:variable>

  <xsl:template name="opening-prefix">
    <xsl:value-of select="concat('The ', $L/ministry, ' presents its compliments to ', $missions,
                                 ' accredited to the ', $L/state, ' and has the honour to ')"/>
  </xsl:template>

  <xsl:template name="closing-text">
    <xsl:value-of select="concat('The ', $L/ministry, ' avails itself of this opportunity to renew to ',
                                 $missions, ' the assurances of its highest consideration.')"/>
  </xsl:template>

</xsl:stylesheet>
