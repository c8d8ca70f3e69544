<?xml version="1.0" encoding="UTF-8"?>
<!-- Hostile fixture: climbs out of the templates directory with "..". Must be refused. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <page-layout version="1"><flow><p><xsl:value-of select="document('../../outside.xml')"/></p></flow></page-layout>
  </xsl:template>
</xsl:stylesheet>
