<?xml version="1.0" encoding="UTF-8"?>
<!-- Note circulaire en français : la forme est dans common/third-person-note.xsl,
     les formules ici. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:import href="../common/third-person-note.xsl"/>

  <xsl:variable name="lang" select="'fr'"/>
  <xsl:variable name="kind" select="'circular-note'"/>

  <xsl:variable name="missions">
    <xsl:text>aux Missions diplomatiques</xsl:text>
    <xsl:if test="$audience = 'missions-and-organisations'"> et aux Représentations des organisations internationales</xsl:if>
  </xsl:variable>

  <xsl:template name="opening-prefix">
    <xsl:value-of select="concat('Le ', $L/ministry, ' présente ses compliments ', $missions,
                                 ' accréditées en ', $L/state, ' et a l’honneur ')"/>
    <xsl:call-template name="fr-de"><xsl:with-param name="before" select="$content/paragraph[1]"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="closing-text">
    <xsl:value-of select="concat('Le ', $L/ministry, ' saisit cette occasion pour renouveler ', $missions,
                                 ' les assurances de sa très haute considération.')"/>
  </xsl:template>

</xsl:stylesheet>
