<?xml version="1.0" encoding="UTF-8"?>
<!-- Birinci şəxsdən nota (Azərbaycan dilində): forma common/letters.xsl-də. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:import href="../common/letters.xsl"/>

  <xsl:variable name="lang" select="'az'"/>
  <xsl:variable name="kind" select="'first-person-note'"/>

  <xsl:template name="closing-text"><xsl:value-of select="concat($vocative, ', ən yüksək ehtiramımı qəbul edin.')"/></xsl:template>

</xsl:stylesheet>
