<?xml version="1.0" encoding="UTF-8"?>
<!-- Fixture: a page layout the typesetter refuses (an element it does not know). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="UTF-8"/>
  <xsl:template match="/">
    <page-layout version="1">
      <flow>
        <p>fine</p>
        <paragraph>not a layout element</paragraph>
      </flow>
    </page-layout>
  </xsl:template>
</xsl:stylesheet>
