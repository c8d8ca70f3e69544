<?xml version="1.0" encoding="UTF-8"?>
<!--
  Third-person notes: the note verbale and the circular note.

    letterhead
    No. NV-0001/2026                                  Baku, 28 November 2026
        The Ministry ... presents its compliments to ... and has the honour to
    <first paragraph> ...
        <paragraphs>
        The Ministry ... avails itself of this opportunity to renew to ...
    the assurances of its highest consideration.
                                                         [seal and initials]
    Annex: ...
    ...
    Embassy of ...                                    (foot of the page)
    Baku  (underlined)

  The language templates (templates/<kind>/<lang>.xsl) give the formulas:
  "opening-prefix" (text before the first paragraph, ending with a space or an
  elided article), "opening-suffix" (text after it, for languages whose verb
  comes last) and "closing-text". <opening>/<closing> in the content replace them.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:import href="blocks.xsl"/>

  <xsl:template name="opening-prefix"/>
  <xsl:template name="opening-suffix"/>
  <xsl:template name="closing-text"/>

  <!-- The audience of a circular note. -->
  <xsl:variable name="audience">
    <xsl:choose>
      <xsl:when test="$content/@audience = 'missions-and-organisations'">missions-and-organisations</xsl:when>
      <xsl:otherwise>diplomatic-missions</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template name="body">
    <xsl:call-template name="letterhead"/>
    <xsl:call-template name="reference-date-row"/>

    <xsl:variable name="override" select="normalize-space($content/opening)"/>
    <xsl:variable name="prefix">
      <xsl:choose>
        <xsl:when test="$override != ''">
          <xsl:value-of select="$override"/>
          <!-- "... a l’honneur d’" joins the next word -->
          <xsl:if test="not(contains(concat('’', &quot;'&quot;), substring($override, string-length($override), 1)))">
            <xsl:text> </xsl:text>
          </xsl:if>
        </xsl:when>
        <xsl:otherwise><xsl:call-template name="opening-prefix"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="suffix"><xsl:call-template name="opening-suffix"/></xsl:variable>
    <xsl:call-template name="paragraphs">
      <xsl:with-param name="prefix" select="string($prefix)"/>
      <xsl:with-param name="suffix" select="string($suffix)"/>
    </xsl:call-template>

    <xsl:call-template name="closing-paragraph">
      <xsl:with-param name="text">
        <xsl:choose>
          <xsl:when test="normalize-space($content/closing) != ''"><xsl:value-of select="$content/closing"/></xsl:when>
          <xsl:otherwise><xsl:call-template name="closing-text"/></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>

    <xsl:if test="string($K/@seal-space) = 'true'">
      <xsl:call-template name="seal-space"/>
    </xsl:if>
    <xsl:call-template name="annexes"/>

    <xsl:choose>
      <xsl:when test="$kind = 'circular-note'">
        <xsl:variable name="lines" select="$L/circular-addressee[string(@audience) = $audience] |
                                           $L/circular-addressee[not(@audience)][not($L/circular-addressee[string(@audience) = $audience])]"/>
        <block anchor="page-bottom" align="left" space-before="6mm">
          <xsl:for-each select="$lines/line">
            <xsl:call-template name="addressee-line"><xsl:with-param name="text" select="."/></xsl:call-template>
          </xsl:for-each>
          <xsl:call-template name="addressee-line">
            <xsl:with-param name="text" select="$L/place"/>
            <xsl:with-param name="underline" select="true()"/>
          </xsl:call-template>
        </block>
      </xsl:when>
      <xsl:when test="$has-addressee">
        <block anchor="page-bottom" align="left" space-before="6mm">
          <xsl:call-template name="institution-lines"/>
        </block>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
