<?xml version="1.0" encoding="UTF-8"?>
<!-- Hostile fixture: imports a stylesheet from outside the templates directory. Must
     not compile. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../../outside.xsl"/>
</xsl:stylesheet>
