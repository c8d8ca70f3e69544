<?xml version="1.0" encoding="UTF-8"?>
<!--
  Press release.

    letterhead
                              PRESS RELEASE
    No. PR-042/2026                                         28 November 2026
    EMBARGOED UNTIL 09:00 UTC 28 November 2026     (or FOR IMMEDIATE RELEASE)
                               Headline
    BAKU, 28 November 2026 — first paragraph ...
    paragraphs
    Media contact: name, title, phone, email
                                  ###

  Every word comes from settings.xml (<press .../>) and the content; the
  language templates only set $lang.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:import href="blocks.xsl"/>

  <xsl:variable name="kind" select="'press-release'"/>
  <xsl:variable name="P" select="$L/press"/>
  <xsl:variable name="until" select="normalize-space($content/embargo/@until)"/>
  <xsl:variable name="embargoed" select="string-length($until) &gt;= 16"/>

  <xsl:template name="embargo-line">
    <xsl:choose>
      <xsl:when test="$embargoed">
        <xsl:variable name="hh" select="substring($until, 12, 2)"/>
        <xsl:variable name="mm" select="substring($until, 15, 2)"/>
        <xsl:variable name="time">
          <xsl:call-template name="fill">
            <xsl:with-param name="pattern" select="string($P/@time)"/>
            <xsl:with-param name="hh" select="$hh"/>
            <xsl:with-param name="h" select="number($hh)"/>
            <xsl:with-param name="mm" select="$mm"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:variable name="date">
          <xsl:call-template name="format-date"><xsl:with-param name="iso" select="substring($until, 1, 10)"/></xsl:call-template>
        </xsl:variable>
        <xsl:call-template name="fill">
          <xsl:with-param name="pattern" select="string($P/@embargo)"/>
          <xsl:with-param name="time" select="$time"/>
          <xsl:with-param name="date" select="$date"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$P/@immediate"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "BAKU, 28 November 2026 —": the dateline's date, else the embargo day,
       else the registration date. -->
  <xsl:template name="dateline">
    <xsl:variable name="city">
      <xsl:choose>
        <xsl:when test="normalize-space($content/dateline/@city) != ''"><xsl:value-of select="normalize-space($content/dateline/@city)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$L/place"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="iso">
      <xsl:choose>
        <xsl:when test="normalize-space($content/dateline/@date) != ''"><xsl:value-of select="normalize-space($content/dateline/@date)"/></xsl:when>
        <xsl:when test="$embargoed"><xsl:value-of select="substring($until, 1, 10)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$doc/@date"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="CITY">
      <xsl:call-template name="upper"><xsl:with-param name="s" select="$city"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="date">
      <xsl:call-template name="format-date"><xsl:with-param name="iso" select="string($iso)"/></xsl:call-template>
    </xsl:variable>
    <xsl:call-template name="fill">
      <xsl:with-param name="pattern" select="string($P/@dateline)"/>
      <xsl:with-param name="CITY" select="$CITY"/>
      <xsl:with-param name="date" select="$date"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="body">
    <xsl:call-template name="letterhead"/>
    <p align="center" bold="true" font-size="13pt" space-before="5mm" keep-with-next="true">
      <xsl:value-of select="$P/@title"/>
    </p>
    <row space-before="6mm" keep-with-next="true">
      <cell align="left"><xsl:call-template name="number-text"/></cell>
      <cell align="right"><xsl:call-template name="format-date"/></cell>
    </row>
    <p align="left" bold="true" space-before="6mm" keep-with-next="true">
      <xsl:call-template name="embargo-line"/>
    </p>
    <p align="center" bold="true" font-size="14pt" line-height="1.1" space-before="8mm" space-after="6mm"
       keep-with-next="true">
      <xsl:value-of select="normalize-space($content/headline)"/>
    </p>

    <xsl:for-each select="$content/paragraph">
      <p space-after="{$para-space}">
        <xsl:if test="position() = 1">
          <b><xsl:call-template name="dateline"/></b>
          <xsl:text> </xsl:text>
        </xsl:if>
        <xsl:apply-templates select="node()" mode="inline"/>
      </p>
    </xsl:for-each>

    <xsl:for-each select="$content/contact">
      <p align="left" space-before="{substring('8mm2mm', 1 + 3 * number(position() &gt; 1), 3)}" keep-together="true">
        <xsl:if test="position() = 1"><b><xsl:value-of select="$P/@contact"/></b><xsl:text> </xsl:text></xsl:if>
        <xsl:value-of select="normalize-space(@name)"/>
        <xsl:if test="normalize-space(@title) != ''"><xsl:value-of select="concat(', ', normalize-space(@title))"/></xsl:if>
        <xsl:if test="normalize-space(@phone) != '' or normalize-space(@email) != ''"><br/></xsl:if>
        <xsl:value-of select="normalize-space(@phone)"/>
        <xsl:if test="normalize-space(@phone) != '' and normalize-space(@email) != ''"><xsl:text>  ·  </xsl:text></xsl:if>
        <xsl:value-of select="normalize-space(@email)"/>
      </p>
    </xsl:for-each>
    <p align="center" bold="true" space-before="8mm"><xsl:value-of select="$P/@end"/></p>
  </xsl:template>

</xsl:stylesheet>
