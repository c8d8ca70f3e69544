<?xml version="1.0" encoding="UTF-8"?>
<!-- Broken fixture: compiles, but calls concat() with one argument at run time. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <page-layout version="1"><flow><p><xsl:value-of select="concat(/document/@subject)"/></p></flow></page-layout>
  </xsl:template>
</xsl:stylesheet>
