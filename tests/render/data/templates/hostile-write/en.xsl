<?xml version="1.0" encoding="UTF-8"?>
<!-- Hostile fixture: writes a file where the content says, with exsl:document. Must be
     refused and leave no file. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
  <xsl:template match="/">
    <exsl:document href="{/document/content/*/path}" method="text"><xsl:text>pwned</xsl:text></exsl:document>
    <page-layout version="1"><flow><p>written</p></flow></page-layout>
  </xsl:template>
</xsl:stylesheet>
