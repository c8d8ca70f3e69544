<?xml version="1.0" encoding="UTF-8"?>
<!-- Hostile fixture: turns content text into markup with disable-output-escaping, which
     the rendering contract forbids. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <page-layout version="1"><flow><p><xsl:value-of select="/document/content/*/paragraph" disable-output-escaping="yes"/></p></flow></page-layout>
  </xsl:template>
</xsl:stylesheet>
