<?xml version="1.0" encoding="UTF-8"?>
<!-- First-person note in English: the form is in common/letters.xsl (salutation, paragraphs as drafted, close, signature, addressee at the foot of the page). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:import href="../common/letters.xsl"/>

  <xsl:variable name="lang" select="'en'"/>
  <xsl:variable name="kind" select="'first-person-note'"/>

  <xsl:template name="closing-text"><xsl:value-of select="concat('Accept, ', $vocative, ', the assurances of my highest consideration.')"/></xsl:template>

</xsl:stylesheet>
