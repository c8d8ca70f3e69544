<?xml version="1.0" encoding="UTF-8"?>
<!-- Fixture: stops with xsl:message terminate="yes". -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <xsl:message terminate="yes">this kind needs a reference number</xsl:message>
  </xsl:template>
</xsl:stylesheet>
