<?xml version="1.0" encoding="UTF-8"?>
<!-- Hostile fixture: a layout that tries to get script, markup and style into the HTML,
     with the content's text where no template should put it (attributes that reach the
     CSS, the language, the seal label) and elements the HTML must not carry. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <xsl:variable name="text" select="string(/document/content/*/paragraph)"/>
    <page-layout version="1">
      <page lang="{$text}" font-family="{$text}" align="{$text}" font-size="{$text}"/>
      <furniture><continuation-header><xsl:value-of select="$text"/></continuation-header></furniture>
      <flow>
        <p align="{$text}" font-size="{$text}" line-height="{$text}" first-indent="{$text}"
           left-indent="{$text}" space-after="{$text}" lang="{$text}" onclick="{$text}"
           style="{$text}"><xsl:value-of select="$text"/></p>
        <script>alert(1)</script>
        <image src="http://tracker.example/pixel.png"/>
        <block font-family="{$text}" anchor="{$text}"><p bold="{$text}">block</p></block>
        <seal-space width="{$text}" height="{$text}" align="{$text}" label="{$text}"/>
        <signature sign-space="{$text}" space-before="{$text}"><line><xsl:value-of select="$text"/></line></signature>
        <space height="{$text}"/>
        <row right-indent="{$text}"><cell width="{$text}" lang="{$text}"><xsl:value-of select="$text"/></cell></row>
      </flow>
    </page-layout>
  </xsl:template>
</xsl:stylesheet>
