<?xml version="1.0" encoding="UTF-8"?>
<!-- Fixture template: the French note is the English one with French settings. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns="urn:chancery:page-layout:1">
  <xsl:import href="en.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>
  <xsl:template match="/document">
    <page-layout version="1">
      <page lang="fr"/>
      <flow>
        <p><xsl:value-of select="$settings/language[@code = 'fr']/ministry"/></p>
        <p>
          <xsl:value-of select="$settings/language[@code = 'fr']/place"/>
          <xsl:text>, le </xsl:text>
          <xsl:call-template name="format-date">
            <xsl:with-param name="date" select="@date"/>
            <xsl:with-param name="lang" select="'fr'"/>
          </xsl:call-template>
        </p>
        <xsl:for-each select="content/*/paragraph"><p><xsl:apply-templates/></p></xsl:for-each>
        <p><xsl:value-of select="recipient/organisation"/></p>
      </flow>
    </page-layout>
  </xsl:template>
</xsl:stylesheet>
