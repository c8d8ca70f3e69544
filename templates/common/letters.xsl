<?xml version="1.0" encoding="UTF-8"?>
<!--
  First-person documents: the first-person note, the letter to the head of an
  international organisation and the letter to the United Nations.

    letterhead
    No. L-0007/2026                                   Baku, 28 November 2026
    [addressee, when the kind puts it at the top]
    Excellency,
        <paragraphs>
        [UN letter: the request for circulation]
        Please accept, Excellency, the assurances of my highest consideration.
                                                         (signature)
                                                         Name
                                                         Title
    Annex: ...
    [addressee at the foot of the page]

  The language templates give "opening-prefix" / "opening-suffix" (UN letter:
  "I have the honour to"), "closing-text" and, for the UN letter,
  "circulation-text". <salutation>/<closing> in the content replace the
  generated ones.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:import href="blocks.xsl"/>

  <xsl:template name="opening-prefix"/>
  <xsl:template name="opening-suffix"/>
  <xsl:template name="closing-text"/>
  <xsl:template name="circulation-text"/>

  <xsl:variable name="first-paragraph" select="normalize-space($content/paragraph[1])"/>

  <!-- Without a recipient, the UN office from the content, at the mission's city. -->
  <xsl:variable name="fallback-addressee" select="string($L/un-office[@name = $content/addressee/@office])"/>

  <xsl:template name="addressee-block">
    <xsl:param name="foot" select="true()"/>
    <xsl:if test="$has-addressee or $fallback-addressee != ''">
      <xsl:choose>
        <xsl:when test="$foot">
          <block anchor="page-bottom" align="left" space-before="6mm">
            <xsl:call-template name="person-lines">
              <xsl:with-param name="fallback" select="$fallback-addressee"/>
              <xsl:with-param name="fallback-city" select="string($dated-at)"/>
            </xsl:call-template>
          </block>
        </xsl:when>
        <xsl:otherwise>
          <block align="left" space-after="8mm" keep-with-next="true">
            <xsl:call-template name="person-lines">
              <xsl:with-param name="underline" select="false()"/>
              <xsl:with-param name="fallback" select="$fallback-addressee"/>
              <xsl:with-param name="fallback-city" select="string($dated-at)"/>
            </xsl:call-template>
          </block>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <xsl:template name="body">
    <xsl:variable name="top" select="string($K/@addressee-position) = 'top'"/>
    <xsl:call-template name="letterhead"/>
    <xsl:call-template name="reference-date-row"/>
    <xsl:if test="$top">
      <xsl:call-template name="addressee-block"><xsl:with-param name="foot" select="false()"/></xsl:call-template>
    </xsl:if>
    <xsl:call-template name="salutation-paragraph"/>

    <xsl:variable name="prefix"><xsl:call-template name="opening-prefix"/></xsl:variable>
    <xsl:variable name="suffix"><xsl:call-template name="opening-suffix"/></xsl:variable>
    <xsl:call-template name="paragraphs">
      <xsl:with-param name="prefix" select="string($prefix)"/>
      <xsl:with-param name="suffix" select="string($suffix)"/>
    </xsl:call-template>

    <xsl:variable name="circulation"><xsl:call-template name="circulation-text"/></xsl:variable>
    <xsl:if test="normalize-space($circulation) != ''">
      <p first-indent="{$indent}" space-after="{$para-space}" keep-with-next="true">
        <xsl:value-of select="normalize-space($circulation)"/>
      </p>
    </xsl:if>

    <xsl:call-template name="closing-paragraph">
      <xsl:with-param name="text">
        <xsl:choose>
          <xsl:when test="normalize-space($content/closing) != ''"><xsl:value-of select="$content/closing"/></xsl:when>
          <xsl:otherwise><xsl:call-template name="closing-text"/></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="signature">
      <xsl:with-param name="signed-marker" select="string($K/@signed-marker) = 'true'"/>
    </xsl:call-template>
    <xsl:call-template name="annexes"/>

    <xsl:if test="not($top)">
      <xsl:call-template name="addressee-block"/>
    </xsl:if>
  </xsl:template>

  <!-- ====================================================== UN helpers -->

  <!-- Agenda item numbers as a list: "35", "35 and 71 (b)", "35, 40 and 71 (b)". -->
  <xsl:template name="agenda-list">
    <xsl:param name="and" select="'and'"/>
    <xsl:param name="az-suffix" select="false()"/>
    <xsl:for-each select="$content/agenda-item[normalize-space(@number) != '']">
      <xsl:choose>
        <xsl:when test="position() = 1"/>
        <xsl:when test="position() = last()"><xsl:value-of select="concat(' ', $and, ' ')"/></xsl:when>
        <xsl:otherwise>, </xsl:otherwise>
      </xsl:choose>
      <xsl:variable name="num" select="normalize-space(@number)"/>
      <xsl:value-of select="translate($num, ' ', $nbsp)"/>
      <xsl:if test="$az-suffix and translate($num, '0123456789', '') = ''">
        <xsl:call-template name="az-number-suffix"><xsl:with-param name="n" select="number($num)"/></xsl:call-template>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <xsl:variable name="agenda-count" select="count($content/agenda-item[normalize-space(@number) != ''])"/>
  <xsl:variable name="annex-count" select="count($content/annex)"/>
  <xsl:variable name="to-ga" select="boolean($content/organs/general-assembly)"/>
  <xsl:variable name="to-sc" select="boolean($content/organs/security-council)"/>
  <xsl:variable name="session-ordinal">
    <xsl:if test="normalize-space($content/session) != ''">
      <xsl:call-template name="ordinal-words"><xsl:with-param name="n" select="number($content/session)"/></xsl:call-template>
    </xsl:if>
  </xsl:variable>

</xsl:stylesheet>
