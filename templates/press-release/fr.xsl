<?xml version="1.0" encoding="UTF-8"?>
<!-- Press release (fr): the form is in common/press-release.xsl, the words in
     settings.xml (<press/> of the language). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:import href="../common/press-release.xsl"/>

  <xsl:variable name="lang" select="'fr'"/>
  <xsl:variable name="kind" select="'press-release'"/>

</xsl:stylesheet>
