<?xml version="1.0" encoding="UTF-8"?>
<!-- Fixture: page layout -> text, one line per paragraph (the renderer wraps). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="/">
    <xsl:apply-templates select="*/*[local-name()='flow']/*"/>
  </xsl:template>
  <xsl:template match="*[local-name()='p']">
    <xsl:value-of select="normalize-space(.)"/><xsl:text>&#10;</xsl:text>
  </xsl:template>
  <xsl:template match="*[local-name()='row']">
    <xsl:for-each select="*">
      <xsl:if test="position() > 1"><xsl:text>    </xsl:text></xsl:if>
      <xsl:value-of select="normalize-space(.)"/>
    </xsl:for-each>
    <xsl:text>&#10;&#10;</xsl:text>
  </xsl:template>
  <xsl:template match="*[local-name()='block']">
    <xsl:text>&#10;</xsl:text><xsl:apply-templates/>
  </xsl:template>
  <xsl:template match="*"/>
</xsl:stylesheet>
