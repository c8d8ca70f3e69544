<?xml version="1.0" encoding="UTF-8"?>
<!-- Hostile fixture: writes a file in a directory that does not exist yet (libxslt
     would create it). Must be refused and leave no directory. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
  <xsl:template match="/">
    <exsl:document href="{/document/content/*/path}/new-dir/file.txt" method="text"><xsl:text>pwned</xsl:text></exsl:document>
    <page-layout version="1"><flow><p>written</p></flow></page-layout>
  </xsl:template>
</xsl:stylesheet>
