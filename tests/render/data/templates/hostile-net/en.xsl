<?xml version="1.0" encoding="UTF-8"?>
<!-- Hostile fixture: fetches the URL the content names (the test's listening socket).
     Must be refused before any connection is made. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <page-layout version="1"><flow><p><xsl:value-of select="document(string(/document/content/*/url))"/></p></flow></page-layout>
  </xsl:template>
</xsl:stylesheet>
