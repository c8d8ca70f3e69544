<?xml version="1.0" encoding="UTF-8"?>
<!-- Şifahi nota (Azərbaycan dilində): forma common/third-person-note.xsl-də,
     düsturlar buradadır.

     The first paragraph completes the sentence of the opening formula and ends
     with the verb "şərəf duyur": "... barədə məlumat verməkdən". When the
     drafter has written "şərəf duyur" in the first paragraph, the template adds
     nothing; otherwise it adds " şərəf duyur." (replacing a final full stop). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:import href="../common/third-person-note.xsl"/>

  <xsl:variable name="lang" select="'az'"/>
  <xsl:variable name="kind" select="'note-verbale'"/>

  <xsl:variable name="addressee-dative">
    <xsl:call-template name="az-dative"><xsl:with-param name="name" select="$addressee-name"/></xsl:call-template>
  </xsl:variable>

  <!-- Azərbaycan Respublikasının Xarici İşlər Nazirliyi ... Səfirliyinə öz
       ehtiramını bildirir və [... tarixli ... nömrəli notasına istinadən] -->
  <xsl:template name="opening-prefix">
    <xsl:value-of select="concat($L/ministry, ' ', $addressee-dative, ' öz ehtiramını bildirir və ')"/>
    <xsl:if test="$content/reference">
      <xsl:call-template name="format-date">
        <xsl:with-param name="iso" select="string($content/reference/@date)"/>
        <xsl:with-param name="year-suffix" select="true()"/>
      </xsl:call-template>
      <xsl:value-of select="concat(' tarixli ', normalize-space($content/reference/@number), ' nömrəli notasına istinadən ')"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="opening-suffix">
    <xsl:if test="not(contains($content/paragraph[1], 'şərəf'))"> şərəf duyur.</xsl:if>
  </xsl:template>

  <xsl:template name="closing-text">
    <xsl:value-of select="concat($L/ministry, ' bu fürsətdən istifadə edərək ', $addressee-dative,
                                 ' ən yüksək ehtiramını bir daha təsdiq edir.')"/>
  </xsl:template>

</xsl:stylesheet>
