<?xml version="1.0" encoding="UTF-8"?>
<!-- Fixture: a shared part reached with xsl:import, as templates/common/ parts are. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:variable name="settings" select="document('../settings.xml')/settings"/>

  <!-- "2026-11-28" in `lang` -> "28 November 2026" (no-break spaces). -->
  <xsl:template name="format-date">
    <xsl:param name="date"/>
    <xsl:param name="lang"/>
    <xsl:variable name="months" select="normalize-space($settings/language[@code = $lang]/months)"/>
    <xsl:variable name="m" select="number(substring($date, 6, 2))"/>
    <xsl:value-of select="number(substring($date, 9, 2))"/>
    <xsl:text>&#160;</xsl:text>
    <xsl:call-template name="nth-word">
      <xsl:with-param name="words" select="concat($months, ' ')"/>
      <xsl:with-param name="n" select="$m"/>
    </xsl:call-template>
    <xsl:text>&#160;</xsl:text>
    <xsl:value-of select="substring($date, 1, 4)"/>
  </xsl:template>

  <xsl:template name="nth-word">
    <xsl:param name="words"/>
    <xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="$n &lt;= 1"><xsl:value-of select="substring-before($words, ' ')"/></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="nth-word">
          <xsl:with-param name="words" select="substring-after($words, ' ')"/>
          <xsl:with-param name="n" select="$n - 1"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
