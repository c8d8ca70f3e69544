<?xml version="1.0" encoding="UTF-8"?>
<!-- Fixture: page layout -> XHTML, just enough for the renderer's tests. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns="http://www.w3.org/1999/xhtml">
  <xsl:output method="xml" encoding="UTF-8" indent="no" omit-xml-declaration="no"
              doctype-public="-//W3C//DTD XHTML 1.0 Strict//EN"
              doctype-system="http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"/>
  <xsl:template match="/">
    <html xml:lang="{*/*[local-name()='page']/@lang}">
      <head><title>Document</title><style type="text/css">p { margin: 0 }</style></head>
      <body><xsl:apply-templates select="*/*[local-name()='flow']/*"/></body>
    </html>
  </xsl:template>
  <xsl:template match="*[local-name()='p']"><p><xsl:apply-templates/></p></xsl:template>
  <xsl:template match="*[local-name()='i']"><em><xsl:apply-templates/></em></xsl:template>
  <xsl:template match="*[local-name()='row']">
    <div class="row"><xsl:for-each select="*"><span><xsl:apply-templates/></span></xsl:for-each></div>
  </xsl:template>
  <xsl:template match="*[local-name()='block']"><div><xsl:apply-templates/></div></xsl:template>
  <xsl:template match="*"/>
</xsl:stylesheet>
