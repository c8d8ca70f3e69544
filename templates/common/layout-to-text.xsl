<?xml version="1.0" encoding="UTF-8"?>
<!--
  Page-layout XML (docs/page-layout.md) -> plain text: the text part of an email.

  - One line per paragraph (the renderer wraps at 72 columns); a <br/> starts a
    new line; whitespace is collapsed as the typesetter collapses it.
  - A blank line between the blocks of the flow; the lines of a <block> (an
    addressee block) stand on consecutive lines.
  - A row is one line: its cells side by side, the last one pushed to the right
    margin of 72 columns when they fit ("No. NV-0001/2026        Baku, 28 November 2026").
  - Centred and right-aligned lines that fit in 72 columns are padded with
    spaces; signature lines are centred in the right half.
  - The classification marking stands on the first and the last line; no page
    numbers, no continuation headers, no images, no seal spaces (a seal space
    with a label gives its label in brackets).
  Elements may be in no namespace or in urn:chancery:page-layout:1.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:l="urn:chancery:page-layout:1"
    exclude-result-prefixes="l">

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:variable name="width" select="72"/>
  <xsl:variable name="spaces" select="'                                                                                '"/>
  <xsl:variable name="nl" select="'&#10;'"/>
  <!-- Stands for <br/> while a paragraph's text is collapsed (a private-use character). -->
  <xsl:variable name="br" select="'&#xE000;'"/>

  <xsl:variable name="root" select="/*[local-name() = 'page-layout']"/>
  <xsl:variable name="marking"
      select="normalize-space($root/*[local-name() = 'furniture']/*[local-name() = 'classification'])"/>

  <xsl:template match="/">
    <xsl:if test="$marking != ''">
      <xsl:call-template name="aligned">
        <xsl:with-param name="text" select="$marking"/>
        <xsl:with-param name="align" select="'center'"/>
      </xsl:call-template>
      <xsl:value-of select="concat($nl, $nl)"/>
    </xsl:if>
    <xsl:call-template name="blocks">
      <xsl:with-param name="items" select="$root/*[local-name() = 'flow']/*"/>
      <xsl:with-param name="separator" select="concat($nl, $nl)"/>
    </xsl:call-template>
    <xsl:value-of select="$nl"/>
    <xsl:if test="$marking != ''">
      <xsl:value-of select="$nl"/>
      <xsl:call-template name="aligned">
        <xsl:with-param name="text" select="$marking"/>
        <xsl:with-param name="align" select="'center'"/>
      </xsl:call-template>
      <xsl:value-of select="$nl"/>
    </xsl:if>
  </xsl:template>

  <!-- The blocks that give text, with $separator between them. -->
  <xsl:template name="blocks">
    <xsl:param name="items"/>
    <xsl:param name="separator"/>
    <xsl:for-each select="$items[local-name() = 'p' or local-name() = 'row' or local-name() = 'signature'
                                 or (local-name() = 'block' and .//*[local-name() = 'p' or local-name() = 'row' or local-name() = 'signature'])
                                 or (local-name() = 'seal-space' and normalize-space(@label) != '')]">
      <xsl:if test="position() &gt; 1"><xsl:value-of select="$separator"/></xsl:if>
      <xsl:apply-templates select="."/>
    </xsl:for-each>
  </xsl:template>

  <!-- Speed: blocks in the layout namespace (or none) are matched by name, which
       costs nothing; each local-name() pattern costs an XPath test for every
       element tried against it. The local-name() templates still take any other
       namespace, as they always did. -->
  <xsl:template match="l:block | block" priority="1"><xsl:call-template name="block"/></xsl:template>
  <xsl:template match="l:p | p" priority="1"><xsl:call-template name="p"/></xsl:template>
  <xsl:template match="l:signature | signature" priority="1"><xsl:call-template name="signature"/></xsl:template>
  <xsl:template match="l:row | row" priority="1"><xsl:call-template name="row"/></xsl:template>
  <xsl:template match="l:seal-space | seal-space" priority="1"><xsl:call-template name="seal-space"/></xsl:template>

  <xsl:template match="*[local-name() = 'block']" name="block">
    <xsl:call-template name="blocks">
      <xsl:with-param name="items" select="*"/>
      <xsl:with-param name="separator" select="$nl"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A paragraph: its text collapsed, one line per <br/>-separated part. -->
  <xsl:template match="*[local-name() = 'p']" name="p">
    <xsl:choose>
      <!-- Speed: without a <br/> (and the character that stands for one) the
           paragraph is one line, its string value collapsed: the same as its
           "flat" text, built at a much higher cost. -->
      <xsl:when test="(not(*) or not(.//*[local-name() = 'br'])) and not(contains(., $br))">
        <xsl:variable name="align" select="string(ancestor-or-self::*[@align][1]/@align)"/>
        <xsl:choose>
          <xsl:when test="$align = 'center' or $align = 'right'">
            <xsl:call-template name="aligned">
              <xsl:with-param name="text" select="normalize-space(.)"/>
              <xsl:with-param name="align" select="$align"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="normalize-space(.)"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="flat"><xsl:apply-templates mode="flat"/></xsl:variable>
        <xsl:call-template name="lines">
          <xsl:with-param name="s" select="string($flat)"/>
          <xsl:with-param name="align" select="string(ancestor-or-self::*[@align][1]/@align)"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="*[local-name() = 'signature']" name="signature">
    <xsl:for-each select="*[local-name() = 'line']">
      <xsl:if test="position() &gt; 1"><xsl:value-of select="$nl"/></xsl:if>
      <xsl:variable name="t">
        <xsl:choose>
          <!-- Speed: without <br/>, the string value is the flat text -->
          <xsl:when test="not(.//*[local-name() = 'br'])"><xsl:value-of select="normalize-space(translate(., $br, ' '))"/></xsl:when>
          <xsl:otherwise>
            <xsl:variable name="flat"><xsl:apply-templates mode="flat"/></xsl:variable>
            <xsl:value-of select="normalize-space(translate($flat, $br, ' '))"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:variable name="half" select="floor($width div 2)"/>
      <xsl:choose>
        <xsl:when test="string-length($t) &lt;= $half">
          <xsl:value-of select="substring($spaces, 1, $half + floor(($half - string-length($t)) div 2))"/>
        </xsl:when>
      </xsl:choose>
      <xsl:value-of select="$t"/>
    </xsl:for-each>
  </xsl:template>

  <!-- A row on one line: the last cell flush right when everything fits. A
       <br/> in a cell ("No. UN/0001/2026" over "Confidential") gives a second
       line, the parts side by side in the same way. -->
  <xsl:template match="*[local-name() = 'row']" name="row">
    <xsl:variable name="cells" select="*[local-name() = 'cell']"/>
    <xsl:choose>
      <xsl:when test="count($cells) = 1">
        <xsl:variable name="last-flat"><xsl:apply-templates select="$cells[last()]/node()" mode="flat"/></xsl:variable>
        <xsl:call-template name="lines">
          <xsl:with-param name="s" select="string($last-flat)"/>
          <xsl:with-param name="align" select="string($cells/@align)"/>
        </xsl:call-template>
      </xsl:when>
      <!-- Speed: two cells without <br/> (and the character that stands for
           one) make one line, as row-lines would make it. -->
      <xsl:when test="count($cells) = 2 and not($cells//*[local-name() = 'br'])
                      and not(contains($cells[1], $br)) and not(contains($cells[2], $br))">
        <xsl:call-template name="row-line">
          <xsl:with-param name="left" select="normalize-space($cells[1])"/>
          <xsl:with-param name="right" select="normalize-space($cells[2])"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="count($cells) = 2">
        <xsl:variable name="first-flat"><xsl:apply-templates select="$cells[1]/node()" mode="flat"/></xsl:variable>
        <xsl:variable name="last-flat"><xsl:apply-templates select="$cells[last()]/node()" mode="flat"/></xsl:variable>
        <xsl:call-template name="row-lines">
          <xsl:with-param name="left" select="string($first-flat)"/>
          <xsl:with-param name="right" select="string($last-flat)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="joined">
          <xsl:for-each select="$cells[position() &lt; last()]">
            <xsl:variable name="flat"><xsl:apply-templates mode="flat"/></xsl:variable>
            <xsl:variable name="t" select="normalize-space(translate($flat, $br, ' '))"/>
            <xsl:if test="position() &gt; 1 and $t != ''"><xsl:text>   </xsl:text></xsl:if>
            <xsl:value-of select="$t"/>
          </xsl:for-each>
        </xsl:variable>
        <xsl:variable name="last-flat"><xsl:apply-templates select="$cells[last()]/node()" mode="flat"/></xsl:variable>
        <xsl:call-template name="row-line">
          <xsl:with-param name="left" select="normalize-space($joined)"/>
          <xsl:with-param name="right" select="normalize-space(translate($last-flat, $br, ' '))"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Two cells, line by line (their <br/> marks taken in step). -->
  <xsl:template name="row-lines">
    <xsl:param name="left"/>
    <xsl:param name="right"/>
    <xsl:variable name="l">
      <xsl:choose>
        <xsl:when test="contains($left, $br)"><xsl:value-of select="substring-before($left, $br)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$left"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="r">
      <xsl:choose>
        <xsl:when test="contains($right, $br)"><xsl:value-of select="substring-before($right, $br)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$right"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:call-template name="row-line">
      <xsl:with-param name="left" select="normalize-space($l)"/>
      <xsl:with-param name="right" select="normalize-space($r)"/>
    </xsl:call-template>
    <xsl:if test="contains($left, $br) or contains($right, $br)">
      <xsl:value-of select="$nl"/>
      <xsl:call-template name="row-lines">
        <xsl:with-param name="left" select="substring-after($left, $br)"/>
        <xsl:with-param name="right" select="substring-after($right, $br)"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="row-line">
    <xsl:param name="left"/>
    <xsl:param name="right"/>
    <xsl:variable name="gap" select="$width - string-length($left) - string-length($right)"/>
    <xsl:choose>
      <xsl:when test="$right = ''"><xsl:value-of select="$left"/></xsl:when>
      <xsl:when test="$gap &gt;= 3"><xsl:value-of select="concat($left, substring($spaces, 1, $gap), $right)"/></xsl:when>
      <xsl:when test="$left = ''"><xsl:value-of select="$right"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat($left, '   ', $right)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="*[local-name() = 'seal-space']" name="seal-space">
    <xsl:call-template name="aligned">
      <xsl:with-param name="text" select="concat('[', normalize-space(@label), ']')"/>
      <xsl:with-param name="align" select="string(@align)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="*"/>

  <!-- ============================================================ inline -->

  <!-- Text with its newlines and tabs as spaces (collapsed later). -->
  <xsl:template match="text()" mode="flat">
    <xsl:value-of select="translate(., '&#9;&#10;&#13;', '   ')"/>
  </xsl:template>
  <xsl:template match="*[local-name() = 'br']" mode="flat"><xsl:value-of select="$br"/></xsl:template>
  <xsl:template match="*" mode="flat"><xsl:apply-templates mode="flat"/></xsl:template>

  <!-- =========================================================== helpers -->

  <!-- Splits at the <br/> marks; each part collapsed and aligned on its line. -->
  <xsl:template name="lines">
    <xsl:param name="s"/>
    <xsl:param name="align"/>
    <xsl:choose>
      <xsl:when test="contains($s, $br)">
        <xsl:call-template name="aligned">
          <xsl:with-param name="text" select="normalize-space(substring-before($s, $br))"/>
          <xsl:with-param name="align" select="$align"/>
        </xsl:call-template>
        <xsl:value-of select="$nl"/>
        <xsl:call-template name="lines">
          <xsl:with-param name="s" select="substring-after($s, $br)"/>
          <xsl:with-param name="align" select="$align"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="aligned">
          <xsl:with-param name="text" select="normalize-space($s)"/>
          <xsl:with-param name="align" select="$align"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A line centred or pushed right within 72 columns when it fits. -->
  <xsl:template name="aligned">
    <xsl:param name="text"/>
    <xsl:param name="align"/>
    <xsl:if test="$align = 'center' or $align = 'right'">
      <xsl:variable name="free" select="$width - string-length($text)"/>
      <xsl:choose>
        <xsl:when test="$free &gt; 0 and $align = 'center'">
          <xsl:value-of select="substring($spaces, 1, floor($free div 2))"/>
        </xsl:when>
        <xsl:when test="$free &gt; 0">
          <xsl:value-of select="substring($spaces, 1, $free)"/>
        </xsl:when>
      </xsl:choose>
    </xsl:if>
    <xsl:value-of select="$text"/>
  </xsl:template>

</xsl:stylesheet>
