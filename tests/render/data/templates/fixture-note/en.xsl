<?xml version="1.0" encoding="UTF-8"?>
<!-- Fixture template: a note in English, enough to exercise every stage. Reads
     settings.xml through an imported stylesheet, writes number, date, recipient and
     every paragraph of the content. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns="urn:chancery:page-layout:1">
  <xsl:import href="../common/shared.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:template match="/document">
    <xsl:variable name="lang" select="'en'"/>
    <page-layout version="1">
      <page margin-top="22mm" margin-bottom="20mm" align="justify" lang="{@language}"/>
      <furniture>
        <xsl:if test="@classification != 'unclassified'">
          <classification><xsl:value-of select="translate(@classification, 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')"/></classification>
        </xsl:if>
        <continuation-header>Note No.&#160;<xsl:value-of select="@number"/></continuation-header>
        <page-number format="{{page}}/{{pages}}" align="right"/>
      </furniture>
      <flow>
        <p align="center" bold="true"><xsl:value-of select="$settings/language[@code = $lang]/ministry"/></p>
        <row space-before="12pt" space-after="12pt">
          <cell align="left">
            <xsl:if test="@number">No.&#160;<xsl:value-of select="@number"/></xsl:if>
          </cell>
          <cell align="right">
            <xsl:value-of select="$settings/language[@code = $lang]/place"/>
            <xsl:text>, </xsl:text>
            <xsl:call-template name="format-date">
              <xsl:with-param name="date" select="@date"/>
              <xsl:with-param name="lang" select="$lang"/>
            </xsl:call-template>
          </cell>
        </row>
        <p space-after="6pt">Subject: <xsl:value-of select="@subject"/></p>
        <xsl:if test="recipient">
          <p space-after="6pt"><xsl:value-of select="recipient/salutation"/></p>
        </xsl:if>
        <xsl:for-each select="content/*/paragraph">
          <p first-indent="12.5mm" space-after="6pt"><xsl:apply-templates/></p>
        </xsl:for-each>
        <xsl:for-each select="recipient">
          <block anchor="page-bottom" align="left" space-before="6mm">
            <p><xsl:value-of select="courtesy-title"/></p>
            <p><xsl:value-of select="organisation"/></p>
            <xsl:for-each select="postal/line"><p><xsl:value-of select="."/></p></xsl:for-each>
          </block>
        </xsl:for-each>
      </flow>
    </page-layout>
  </xsl:template>

  <xsl:template match="emphasis"><i><xsl:apply-templates/></i></xsl:template>
</xsl:stylesheet>
