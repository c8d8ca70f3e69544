<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE xsl:stylesheet [ <!ENTITY who SYSTEM "file:///etc/hostname"> ]>
<!-- Hostile fixture: a DOCTYPE with an external entity. Must be refused. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <page-layout version="1"><flow><p>&who;</p></flow></page-layout>
  </xsl:template>
</xsl:stylesheet>
