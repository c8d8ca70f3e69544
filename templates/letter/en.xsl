<?xml version="1.0" encoding="UTF-8"?>
<!-- Letter to the head of an international organisation, in English: the form is in common/letters.xsl (addressee at the top, salutation, paragraphs as drafted, close, signature). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:import href="../common/letters.xsl"/>

  <xsl:variable name="lang" select="'en'"/>
  <xsl:variable name="kind" select="'letter'"/>

  <xsl:template name="closing-text"><xsl:value-of select="concat('Please accept, ', $vocative, ', the assurances of my highest consideration.')"/></xsl:template>

</xsl:stylesheet>
