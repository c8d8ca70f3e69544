<?xml version="1.0" encoding="UTF-8"?>
<!--
  Page-layout XML (docs/page-layout.md) -> a complete XHTML 1.0 Strict document:
  the preview and the HTML part of an email.

  - One sheet, no pages: the classification marking stands at the top and at the
    bottom; continuation headers and page numbers are left out; a page break is a
    thin rule; an addressee block anchored at the foot of the page follows the text
    after a gap.
  - Alignment, indents, spacing, fonts, bold/italic/underline are reproduced with
    an embedded style sheet and style attributes built only from values checked
    here (lengths, numbers, alignments, font names): nothing from the layout
    reaches the CSS unchecked.
  - No script, no external resource: images (the emblem) are left out; a seal
    space is an empty box (with its label, if any).
  - Text is text: every text node is copied as text.
  Elements may be in no namespace or in urn:chancery:page-layout:1.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:l="urn:chancery:page-layout:1"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="l">

  <xsl:output method="xml" encoding="UTF-8" indent="no" omit-xml-declaration="no"
              doctype-public="-//W3C//DTD XHTML 1.0 Strict//EN"
              doctype-system="http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"/>

  <xsl:strip-space elements="l:page-layout l:furniture l:flow l:block l:row l:signature
                             page-layout furniture flow block row signature"/>

  <xsl:variable name="root" select="/*[local-name() = 'page-layout']"/>
  <xsl:variable name="page" select="$root/*[local-name() = 'page']"/>
  <xsl:variable name="furniture" select="$root/*[local-name() = 'furniture']"/>
  <xsl:variable name="marking" select="normalize-space($furniture/*[local-name() = 'classification'])"/>

  <xsl:variable name="lang">
    <xsl:call-template name="safe-lang">
      <xsl:with-param name="v" select="$page/@lang"/>
      <xsl:with-param name="default" select="'en'"/>
    </xsl:call-template>
  </xsl:variable>

  <!-- ============================================================ document -->

  <xsl:template match="/">
    <html xml:lang="{$lang}" lang="{$lang}">
      <head>
        <meta http-equiv="Content-Type" content="text/html; charset=UTF-8"/>
        <title>
          <xsl:choose>
            <xsl:when test="normalize-space($furniture/*[local-name() = 'continuation-header']) != ''">
              <xsl:value-of select="normalize-space($furniture/*[local-name() = 'continuation-header'])"/>
            </xsl:when>
            <xsl:otherwise>Document</xsl:otherwise>
          </xsl:choose>
        </title>
        <style type="text/css">
          <xsl:text>
body { margin: 0; padding: 0; background: #ffffff; color: #000000; }
.sheet { max-width: 160mm; margin: 0 auto; padding: 8mm 10mm; }
.marking { text-align: center; font-weight: bold; font-size: 11pt; letter-spacing: 0.05em; }
.marking-top { margin: 0 0 8mm 0; }
.marking-bottom { margin: 10mm 0 0 0; }
p { margin: 0; padding: 0; }
div.block { margin: 0; padding: 0; }
div.page-bottom { margin-top: 15mm; }
table.row { width: 100%; border-collapse: collapse; border-spacing: 0; margin: 0; }
table.row td { padding: 0; vertical-align: top; text-indent: 0; }
div.seal { border: 0; text-align: center; }
div.signature { margin-left: 50%; text-align: center; text-indent: 0; }
div.signature div.line { margin: 0; }
div.space { margin: 0; padding: 0; }
hr.page-break { border: 0; border-top: 1px dashed #999999; margin: 8mm 0; }
span.u { text-decoration: underline; }
</xsl:text>
        </style>
      </head>
      <body>
        <div>
          <xsl:attribute name="class">sheet</xsl:attribute>
          <xsl:attribute name="style">
            <xsl:choose>
              <xsl:when test="not($page[2])"><xsl:for-each select="$page"><xsl:call-template name="text-style"/></xsl:for-each></xsl:when>
              <!-- several <page> (not a valid layout): as this stylesheet always did -->
              <xsl:otherwise><xsl:call-template name="text-style-of"><xsl:with-param name="n" select="$page"/></xsl:call-template></xsl:otherwise>
            </xsl:choose>
            <xsl:if test="not($page/@font-family)">font-family: 'Liberation Serif', 'Times New Roman', Times, serif; </xsl:if>
            <xsl:if test="not($page/@font-size)">font-size: 12pt; </xsl:if>
          </xsl:attribute>
          <xsl:if test="$marking != ''">
            <div class="marking marking-top"><xsl:value-of select="$marking"/></div>
          </xsl:if>
          <xsl:apply-templates select="$root/*[local-name() = 'flow']/*"/>
          <xsl:if test="$marking != ''">
            <div class="marking marking-bottom"><xsl:value-of select="$marking"/></div>
          </xsl:if>
        </div>
      </body>
    </html>
  </xsl:template>

  <!-- ============================================================= blocks -->

  <xsl:template match="l:p | p">
    <p>
      <xsl:call-template name="lang-attributes"/>
      <xsl:call-template name="style-attribute"/>
      <xsl:apply-templates mode="inline"/>
      <xsl:if test="not(node())"><xsl:text>&#160;</xsl:text></xsl:if>
    </p>
  </xsl:template>

  <xsl:template match="l:block | block">
    <div>
      <xsl:attribute name="class">
        <xsl:text>block</xsl:text>
        <xsl:if test="@anchor = 'page-bottom'"> page-bottom</xsl:if>
      </xsl:attribute>
      <xsl:call-template name="lang-attributes"/>
      <xsl:call-template name="style-attribute">
        <xsl:with-param name="skip-space-before" select="@anchor = 'page-bottom'"/>
      </xsl:call-template>
      <xsl:apply-templates select="*"/>
    </div>
  </xsl:template>

  <xsl:template match="l:row | row">
    <table class="row">
      <xsl:call-template name="style-attribute"/>
      <tr>
        <xsl:for-each select="*[local-name() = 'cell']">
          <td>
            <xsl:call-template name="lang-attributes"/>
            <xsl:attribute name="style">
              <xsl:call-template name="text-style"/>
              <xsl:apply-templates select="@width" mode="css"/>
            </xsl:attribute>
            <xsl:apply-templates mode="inline"/>
          </td>
        </xsl:for-each>
      </tr>
    </table>
  </xsl:template>

  <xsl:template match="l:signature | signature">
    <xsl:variable name="sign">
      <xsl:call-template name="safe-length"><xsl:with-param name="v" select="@sign-space"/></xsl:call-template>
    </xsl:variable>
    <div class="signature">
      <xsl:call-template name="lang-attributes"/>
      <xsl:attribute name="style">
        <xsl:call-template name="text-style"/>
        <xsl:call-template name="box-style"/>
        <xsl:call-template name="space-style"/>
        <xsl:text>padding-top: </xsl:text>
        <xsl:choose>
          <xsl:when test="$sign != ''"><xsl:value-of select="$sign"/></xsl:when>
          <xsl:otherwise>15mm</xsl:otherwise>
        </xsl:choose>
        <xsl:text>; </xsl:text>
      </xsl:attribute>
      <xsl:for-each select="*[local-name() = 'line']">
        <div class="line"><xsl:apply-templates mode="inline"/></div>
      </xsl:for-each>
    </div>
  </xsl:template>

  <xsl:template match="l:seal-space | seal-space">
    <xsl:variable name="w">
      <xsl:call-template name="safe-length"><xsl:with-param name="v" select="@width"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="h">
      <xsl:call-template name="safe-length"><xsl:with-param name="v" select="@height"/></xsl:call-template>
    </xsl:variable>
    <div class="seal">
      <xsl:attribute name="style">
        <xsl:text>width: </xsl:text>
        <xsl:choose><xsl:when test="$w != ''"><xsl:value-of select="$w"/></xsl:when><xsl:otherwise>40mm</xsl:otherwise></xsl:choose>
        <xsl:text>; height: </xsl:text>
        <xsl:choose><xsl:when test="$h != ''"><xsl:value-of select="$h"/></xsl:when><xsl:otherwise>30mm</xsl:otherwise></xsl:choose>
        <xsl:text>; </xsl:text>
        <xsl:choose>
          <xsl:when test="@align = 'left'">margin-left: 0; margin-right: auto; </xsl:when>
          <xsl:when test="@align = 'center'">margin-left: auto; margin-right: auto; </xsl:when>
          <xsl:otherwise>margin-left: auto; margin-right: 0; </xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="space-style"/>
      </xsl:attribute>
      <xsl:value-of select="normalize-space(@label)"/>
    </div>
  </xsl:template>

  <xsl:template match="l:space | space">
    <xsl:variable name="h">
      <xsl:call-template name="safe-length"><xsl:with-param name="v" select="@height"/></xsl:call-template>
    </xsl:variable>
    <div class="space">
      <xsl:if test="$h != ''">
        <xsl:attribute name="style">height: <xsl:value-of select="$h"/>;</xsl:attribute>
      </xsl:if>
    </div>
  </xsl:template>

  <xsl:template match="l:page-break | page-break">
    <hr class="page-break"/>
  </xsl:template>

  <!-- Images are left out (no external resources in the HTML). -->
  <xsl:template match="l:image | image"/>

  <!-- Text directly in flow or block is not valid layout; anything unknown is dropped. -->
  <xsl:template match="*"/>
  <xsl:template match="text()"/>

  <!-- ============================================================= inline -->

  <!-- Text is copied by the built-in rule (cheaper than a value-of). -->
  <xsl:template match="l:b | b" mode="inline"><b><xsl:apply-templates mode="inline"/></b></xsl:template>
  <xsl:template match="l:i | i" mode="inline"><i><xsl:apply-templates mode="inline"/></i></xsl:template>
  <xsl:template match="l:u | u" mode="inline"><span class="u"><xsl:apply-templates mode="inline"/></span></xsl:template>
  <xsl:template match="l:br | br" mode="inline"><br/></xsl:template>
  <xsl:template match="*" mode="inline"><xsl:apply-templates mode="inline"/></xsl:template>

  <!-- ============================================================= styles -->

  <!-- Speed: libxslt pays for every XPath it evaluates and for every attribute
       it looks at. So a property is looked at only when its attribute is there
       (a block carries a few of the dozen below), groups of absent attributes
       cost one test, and a length the templates write is recognised by a
       comparison rather than checked. The properties keep a fixed order,
       whatever the order of the attributes. -->

  <xsl:template name="style-attribute">
    <xsl:param name="skip-space-before" select="false()"/>
    <xsl:variable name="style">
      <xsl:call-template name="text-style"/>
      <xsl:call-template name="box-style"/>
      <xsl:apply-templates select="@space-before[not($skip-space-before)]" mode="css"/>
      <xsl:apply-templates select="@space-after" mode="css"/>
    </xsl:variable>
    <xsl:if test="string($style) != ''">
      <xsl:attribute name="style"><xsl:value-of select="normalize-space($style)"/></xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- Text properties: align, font, bold, italic, first-line indent. -->
  <xsl:template name="text-style">
    <xsl:if test="@align or @bold or @italic or @font-size or @line-height or @font-family">
      <xsl:if test="@align = 'left' or @align = 'center' or @align = 'right' or @align = 'justify'">
        <xsl:value-of select="concat('text-align: ', @align, '; ')"/>
      </xsl:if>
      <xsl:if test="@bold or @italic">
        <xsl:if test="@bold = 'true'">font-weight: bold; </xsl:if>
        <xsl:if test="@bold = 'false'">font-weight: normal; </xsl:if>
        <xsl:if test="@italic = 'true'">font-style: italic; </xsl:if>
        <xsl:if test="@italic = 'false'">font-style: normal; </xsl:if>
      </xsl:if>
      <xsl:apply-templates select="@font-size" mode="css"/>
      <xsl:if test="@line-height and string-length(@line-height) &lt; 8 and
                    translate(@line-height, '0123456789.', '') = '' and string(number(@line-height)) != 'NaN'">
        <xsl:value-of select="concat('line-height: ', number(@line-height), '; ')"/>
      </xsl:if>
      <xsl:if test="@font-family and string-length(@font-family) &lt; 64 and
                    translate(@font-family, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -', '') = ''">
        <xsl:value-of select="concat('font-family: &quot;', normalize-space(@font-family), '&quot;, &quot;Times New Roman&quot;, Times, serif; ')"/>
      </xsl:if>
    </xsl:if>
    <xsl:apply-templates select="@first-indent" mode="css"/>
  </xsl:template>

  <!-- The text properties of the nodes $n together (the first value of each
       attribute): text-style for a layout with several <page>. -->
  <xsl:template name="text-style-of">
    <xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="$n/@align = 'left' or $n/@align = 'center' or $n/@align = 'right' or $n/@align = 'justify'">
        <xsl:value-of select="concat('text-align: ', $n/@align, '; ')"/>
      </xsl:when>
    </xsl:choose>
    <xsl:if test="$n/@bold = 'true'">font-weight: bold; </xsl:if>
    <xsl:if test="$n/@bold = 'false'">font-weight: normal; </xsl:if>
    <xsl:if test="$n/@italic = 'true'">font-style: italic; </xsl:if>
    <xsl:if test="$n/@italic = 'false'">font-style: normal; </xsl:if>
    <xsl:variable name="size">
      <xsl:call-template name="safe-length"><xsl:with-param name="v" select="$n/@font-size"/></xsl:call-template>
    </xsl:variable>
    <xsl:if test="$size != ''">font-size: <xsl:value-of select="$size"/>; </xsl:if>
    <xsl:if test="$n/@line-height and string-length($n/@line-height) &lt; 8 and
                  translate($n/@line-height, '0123456789.', '') = '' and string(number($n/@line-height)) != 'NaN'">
      <xsl:value-of select="concat('line-height: ', number($n/@line-height), '; ')"/>
    </xsl:if>
    <xsl:if test="$n/@font-family and string-length($n/@font-family) &lt; 64 and
                  translate($n/@font-family, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -', '') = ''">
      <xsl:value-of select="concat('font-family: &quot;', normalize-space($n/@font-family), '&quot;, &quot;Times New Roman&quot;, Times, serif; ')"/>
    </xsl:if>
    <xsl:variable name="fi">
      <xsl:call-template name="safe-length"><xsl:with-param name="v" select="$n/@first-indent"/></xsl:call-template>
    </xsl:variable>
    <xsl:if test="$fi != ''">text-indent: <xsl:value-of select="$fi"/>; </xsl:if>
  </xsl:template>

  <!-- Left and right indents. -->
  <xsl:template name="box-style">
    <xsl:if test="@left-indent or @right-indent">
      <xsl:apply-templates select="@left-indent" mode="css"/>
      <xsl:apply-templates select="@right-indent" mode="css"/>
    </xsl:if>
  </xsl:template>

  <!-- Space before and after (vertical margins collapse in CSS as they do in the
       layout: the larger applies). -->
  <xsl:template name="space-style">
    <xsl:apply-templates select="@space-before" mode="css"/>
    <xsl:apply-templates select="@space-after" mode="css"/>
  </xsl:template>

  <!-- The CSS property of each length attribute: "property: length; ". The
       first test takes the values the templates write most (a value written
       literally is a good length and is written as it is); anything else goes
       through css-length, which checks it. -->
  <xsl:template match="@first-indent" mode="css">
    <xsl:choose>
      <xsl:when test=". = '12.5mm'">text-indent: 12.5mm; </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="css-length"><xsl:with-param name="property" select="'text-indent'"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="@space-after" mode="css">
    <xsl:choose>
      <xsl:when test=". = '6pt'">margin-bottom: 6pt; </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="css-length"><xsl:with-param name="property" select="'margin-bottom'"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="@space-before" mode="css">
    <xsl:call-template name="css-length"><xsl:with-param name="property" select="'margin-top'"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="@font-size" mode="css">
    <xsl:call-template name="css-length"><xsl:with-param name="property" select="'font-size'"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="@left-indent" mode="css">
    <xsl:call-template name="css-length"><xsl:with-param name="property" select="'margin-left'"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="@right-indent" mode="css">
    <xsl:call-template name="css-length"><xsl:with-param name="property" select="'margin-right'"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="@width" mode="css">
    <xsl:call-template name="css-length"><xsl:with-param name="property" select="'width'"/></xsl:call-template>
  </xsl:template>

  <!-- "property: length; " for the length attribute in context; nothing when it
       is not a length (see safe-length). -->
  <xsl:template name="css-length">
    <xsl:param name="property"/>
    <xsl:choose>
      <xsl:when test="contains($known-lengths, concat('|', ., '|')) and not(contains(., '|'))">
        <xsl:value-of select="concat($property, ': ', ., '; ')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="s">
          <xsl:call-template name="safe-length"><xsl:with-param name="v" select="."/></xsl:call-template>
        </xsl:variable>
        <xsl:if test="$s != ''"><xsl:value-of select="concat($property, ': ', $s, '; ')"/></xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The lengths the templates write: known to be good, so the check of
       safe-length is skipped for them (a test costs much less than the check). A "|"
       in the value keeps out anything that would only match across entries. -->
  <xsl:variable name="known-lengths"
      select="'|0|1mm|2mm|3mm|4mm|5mm|6mm|8mm|10mm|12mm|15mm|20mm|25mm|30mm|35mm|40mm|45mm|-8mm|12.5mm|6pt|9pt|10pt|11pt|12pt|13pt|14pt|'"/>

  <!-- A length as the layout allows it (number with pt/mm/cm/in/%, or 0);
       empty for anything else. -->
  <xsl:template name="safe-length">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="contains($known-lengths, concat('|', $v, '|')) and not(contains($v, '|'))">
        <xsl:value-of select="$v"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="s" select="normalize-space($v)"/>
        <xsl:variable name="unit" select="translate($s, '0123456789.-', '')"/>
        <xsl:variable name="num" select="substring($s, 1, string-length($s) - string-length($unit))"/>
        <xsl:if test="$s != '' and string-length($s) &lt; 16 and
                      ($unit = 'pt' or $unit = 'mm' or $unit = 'cm' or $unit = 'in' or $unit = '%' or ($unit = '' and number($s) = 0))
                      and substring($s, string-length($num) + 1) = $unit
                      and string(number($num)) != 'NaN'">
          <xsl:value-of select="$s"/>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="safe-lang">
    <xsl:param name="v"/>
    <xsl:param name="default" select="''"/>
    <xsl:choose>
      <xsl:when test="normalize-space($v) != '' and string-length($v) &lt; 36 and
                      translate($v, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-', '') = ''">
        <xsl:value-of select="$v"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$default"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="lang-attributes">
    <xsl:if test="@lang">
      <xsl:variable name="l">
        <xsl:call-template name="safe-lang"><xsl:with-param name="v" select="@lang"/></xsl:call-template>
      </xsl:variable>
      <xsl:if test="$l != ''">
        <xsl:attribute name="lang"><xsl:value-of select="$l"/></xsl:attribute>
        <xsl:attribute name="xml:lang"><xsl:value-of select="$l"/></xsl:attribute>
      </xsl:if>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
