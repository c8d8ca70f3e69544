<?xml version="1.0" encoding="UTF-8"?>
<!-- Lettre au chef d’une organisation internationale, en français : la forme est dans common/letters.xsl. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:import href="../common/letters.xsl"/>

  <xsl:variable name="lang" select="'fr'"/>
  <xsl:variable name="kind" select="'letter'"/>

  <xsl:template name="closing-text"><xsl:value-of select="concat('Je vous prie d’agréer, ', $vocative, ', les assurances de ma très haute considération.')"/></xsl:template>

</xsl:stylesheet>
