<?xml version="1.0" encoding="UTF-8"?>
<!-- Lettre à l’Organisation des Nations Unies, en français : la forme est dans
     common/letters.xsl, les formules ici. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:import href="../common/letters.xsl"/>

  <xsl:variable name="lang" select="'fr'"/>
  <xsl:variable name="kind" select="'un-letter'"/>

  <!-- « J’ai l’honneur de / d’ » sauf si le rédacteur l’a écrit. -->
  <xsl:template name="opening-prefix">
    <xsl:if test="not(starts-with($first-paragraph, 'J’ai l’honneur') or starts-with($first-paragraph, &quot;J'ai l'honneur&quot;))">
      <xsl:text>J’ai l’honneur </xsl:text>
      <xsl:call-template name="fr-de"><xsl:with-param name="before" select="$first-paragraph"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="closing-text"><xsl:value-of select="concat('Veuillez agréer, ', $vocative, ', les assurances de ma très haute considération.')"/></xsl:template>

  <!-- « 71 (b) » s’écrit « 71 b) » en français. -->
  <xsl:template name="agenda-number-fr">
    <xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="contains($n, '(')">
        <xsl:value-of select="concat(normalize-space(substring-before($n, '(')), $nbsp, substring-after($n, '('))"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Je vous serais reconnaissant de bien vouloir faire distribuer le texte de
       la présente lettre et de son annexe comme document de l’Assemblée générale,
       au titre des points 35 et 71 b) de l’ordre du jour, et du Conseil de
       sécurité. -->
  <xsl:template name="circulation-text">
    <xsl:if test="$content/circulation-request and ($to-ga or $to-sc)">
      <xsl:text>Je vous serais </xsl:text>
      <xsl:choose>
        <xsl:when test="$content/signatory/@gender = 'f'">reconnaissante</xsl:when>
        <xsl:otherwise>reconnaissant</xsl:otherwise>
      </xsl:choose>
      <xsl:text> de bien vouloir faire distribuer le texte de la présente lettre</xsl:text>
      <xsl:choose>
        <xsl:when test="$annex-count = 1"> et de son annexe</xsl:when>
        <xsl:when test="$annex-count &gt; 1"> et de ses annexes</xsl:when>
      </xsl:choose>
      <xsl:text> comme document </xsl:text>
      <xsl:if test="$to-ga">
        <xsl:choose>
          <xsl:when test="string($K/@session-in-request) = 'true' and string($session-ordinal) != ''">
            <xsl:value-of select="concat('de la ', $session-ordinal, ' session de l’Assemblée générale')"/>
          </xsl:when>
          <xsl:otherwise>de l’Assemblée générale</xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$agenda-count &gt; 0">
          <xsl:choose>
            <xsl:when test="$agenda-count = 1">, au titre du point </xsl:when>
            <xsl:otherwise>, au titre des points </xsl:otherwise>
          </xsl:choose>
          <xsl:for-each select="$content/agenda-item[normalize-space(@number) != '']">
            <xsl:choose>
              <xsl:when test="position() = 1"/>
              <xsl:when test="position() = last()"> et </xsl:when>
              <xsl:otherwise>, </xsl:otherwise>
            </xsl:choose>
            <xsl:call-template name="agenda-number-fr"><xsl:with-param name="n" select="normalize-space(@number)"/></xsl:call-template>
          </xsl:for-each>
          <xsl:text> de l’ordre du jour</xsl:text>
        </xsl:if>
        <xsl:if test="$to-sc">, et </xsl:if>
      </xsl:if>
      <xsl:if test="$to-sc">du Conseil de sécurité</xsl:if>
      <xsl:text>.</xsl:text>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
