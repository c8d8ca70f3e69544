<?xml version="1.0" encoding="UTF-8"?>
<!-- Fixture: says something with xsl:message and still succeeds. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <xsl:message>no annex given</xsl:message>
    <page-layout version="1"><flow><p>fine</p></flow></page-layout>
  </xsl:template>
</xsl:stylesheet>
