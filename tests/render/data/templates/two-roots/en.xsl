<?xml version="1.0" encoding="UTF-8"?>
<!-- Fixture: a template whose result is two documents side by side, not one layout. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="UTF-8"/>
  <xsl:template match="/">
    <page-layout version="1"><flow><p>first</p></flow></page-layout>
    <page-layout version="1"><flow><p>second</p></flow></page-layout>
  </xsl:template>
</xsl:stylesheet>
