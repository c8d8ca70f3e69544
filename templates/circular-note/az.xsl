<?xml version="1.0" encoding="UTF-8"?>
<!-- Sirkulyar nota (Azərbaycan dilində): forma common/third-person-note.xsl-də,
     düsturlar buradadır. As in the note verbale, the first paragraph ends the
     opening sentence; " şərəf duyur." is added unless the drafter wrote it. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:import href="../common/third-person-note.xsl"/>

  <xsl:variable name="lang" select="'az'"/>
  <xsl:variable name="kind" select="'circular-note'"/>

  <xsl:variable name="missions">
    <xsl:text>diplomatik nümayəndəliklərə</xsl:text>
    <xsl:if test="$audience = 'missions-and-organisations'"> və beynəlxalq təşkilatların nümayəndəliklərinə</xsl:if>
  </xsl:variable>

  <xsl:template name="opening-prefix">
    <xsl:value-of select="concat($L/ministry, ' Azərbaycan Respublikasında akkreditə olunmuş ', $missions,
                                 ' öz ehtiramını bildirir və ')"/>
  </xsl:template>

  <xsl:template name="opening-suffix">
    <xsl:if test="not(contains($content/paragraph[1], 'şərəf'))"> şərəf duyur.</xsl:if>
  </xsl:template>

  <xsl:template name="closing-text">
    <xsl:value-of select="concat($L/ministry, ' bu fürsətdən istifadə edərək ', $missions,
                                  ' ən yüksək ehtiramını bir daha təsdiq edir.')"/>
  </xsl:template>

</xsl:stylesheet>
