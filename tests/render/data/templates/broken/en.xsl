<?xml version="1.0" encoding="UTF-8"?>
<!-- Broken fixture: xsl:value-of without its select attribute, and an instruction XSLT
     does not have. Must fail to compile with a clear message. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <page-layout version="1"><flow><p><xsl:value-of/><xsl:frobnicate/></p></flow></page-layout>
  </xsl:template>
</xsl:stylesheet>
