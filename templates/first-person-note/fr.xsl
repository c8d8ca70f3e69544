<?xml version="1.0" encoding="UTF-8"?>
<!-- Note à la première personne, en français : la forme est dans common/letters.xsl. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:import href="../common/letters.xsl"/>

  <xsl:variable name="lang" select="'fr'"/>
  <xsl:variable name="kind" select="'first-person-note'"/>

  <xsl:template name="closing-text"><xsl:value-of select="concat('Veuillez agréer, ', $vocative, ', les assurances de ma très haute considération.')"/></xsl:template>

</xsl:stylesheet>
