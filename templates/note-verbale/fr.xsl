<?xml version="1.0" encoding="UTF-8"?>
<!-- Note verbale en français : la forme est dans common/third-person-note.xsl,
     les formules ici. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:import href="../common/third-person-note.xsl"/>

  <xsl:variable name="lang" select="'fr'"/>
  <xsl:variable name="kind" select="'note-verbale'"/>

  <!-- « l’Ambassade » : la tête du nom du destinataire -->
  <xsl:variable name="head-addressee">
    <xsl:call-template name="head-of-name"><xsl:with-param name="name" select="$addressee-name"/></xsl:call-template>
  </xsl:variable>

  <!-- Le Ministère des Affaires étrangères de la République d’Azerbaïdjan présente
       ses compliments à l’Ambassade de ... et [, se référant à la note n° ... de
       l’Ambassade du ...,] a l’honneur de / d’ -->
  <xsl:template name="opening-prefix">
    <xsl:value-of select="concat('Le ', $L/ministry, ' présente ses compliments ')"/>
    <xsl:call-template name="fr-with-preposition"><xsl:with-param name="name" select="$addressee-name"/></xsl:call-template>
    <xsl:choose>
      <xsl:when test="$content/reference">
        <xsl:value-of select="concat(' et, se référant à la note n°', $nbsp, normalize-space($content/reference/@number), ' ')"/>
        <xsl:call-template name="fr-with-preposition">
          <xsl:with-param name="name" select="$head-addressee"/>
          <xsl:with-param name="preposition" select="'de'"/>
        </xsl:call-template>
        <xsl:text> du </xsl:text>
        <xsl:call-template name="format-date"><xsl:with-param name="iso" select="string($content/reference/@date)"/></xsl:call-template>
        <xsl:text>, a l’honneur </xsl:text>
      </xsl:when>
      <xsl:otherwise> et a l’honneur </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="fr-de"><xsl:with-param name="before" select="$content/paragraph[1]"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="closing-text">
    <xsl:value-of select="concat('Le ', $L/ministry, ' saisit cette occasion pour renouveler ')"/>
    <xsl:call-template name="fr-with-preposition"><xsl:with-param name="name" select="$head-addressee"/></xsl:call-template>
    <xsl:text> les assurances de sa très haute considération.</xsl:text>
  </xsl:template>

</xsl:stylesheet>
