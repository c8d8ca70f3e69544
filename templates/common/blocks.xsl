<?xml version="1.0" encoding="UTF-8"?>
<!--
  The parts every document is made of: the page and its furniture (classification
  marking at the top and bottom, continuation header, page numbers), the
  letterhead, the reference-and-date block, paragraphs from the content, the
  addressee block, the complimentary close, the signature block, annexes.

  Kind modules define the named template "body" (the blocks of the flow) and
  import this module.

  Content text is only ever copied as text (value-of, or the text() template in
  mode "inline"): nothing from the content becomes markup.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:import href="grammar.xsl"/>

  <!-- Paragraph style of the body text. -->
  <xsl:variable name="indent" select="'12.5mm'"/>
  <xsl:variable name="para-space" select="'6pt'"/>

  <!-- ============================================================ the page -->

  <xsl:template match="/">
    <page-layout version="1">
      <page size="A4" margin-top="25mm" margin-bottom="22mm" margin-left="30mm"
            margin-right="20mm" font-family="Liberation Serif" font-size="12pt"
            line-height="1.15" align="justify" lang="{$lang}"/>
      <xsl:call-template name="furniture"/>
      <flow>
        <xsl:call-template name="body"/>
      </flow>
    </page-layout>
  </xsl:template>

  <xsl:template name="body"/>

  <xsl:template name="furniture">
    <xsl:variable name="marking"><xsl:call-template name="classification-word"/></xsl:variable>
    <furniture edge-distance="10mm" font-size="10pt">
      <xsl:if test="string($marking) != ''">
        <classification font-size="11pt"><xsl:value-of select="$marking"/></classification>
      </xsl:if>
      <continuation-header><xsl:call-template name="continuation-header"/></continuation-header>
      <page-number format="{$L/page-number/@format}" align="{$L/page-number/@align}"/>
    </furniture>
  </xsl:template>

  <!-- ========================================================= letterhead -->

  <!-- Emblem and the name of the ministry (or the minister, or the mission). -->
  <xsl:template name="letterhead">
    <xsl:param name="which" select="string($K/@letterhead)"/>
    <xsl:variable name="named" select="$L/letterhead[@name = $which]"/>
    <xsl:variable name="lh" select="$named | $L/letterhead[@name = 'ministry'][not($named)]"/>
    <xsl:if test="normalize-space($settings/emblem/@src) != ''">
      <image src="{$settings/emblem/@src}" height="{$settings/emblem/@height}" align="center"
             keep-with-next="true"/>
    </xsl:if>
    <p align="center" bold="true" font-size="11pt" space-before="3mm" keep-with-next="true">
      <!-- the lines, with a <br/> before every line but the first -->
      <xsl:value-of select="($lh/line)[1]"/>
      <xsl:for-each select="($lh/line)[position() &gt; 1]">
        <br/><xsl:value-of select="."/>
      </xsl:for-each>
    </p>
    <xsl:if test="normalize-space($lh/address) != ''">
      <p align="center" font-size="9pt" space-before="1mm" keep-with-next="true">
        <xsl:value-of select="$lh/address"/>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- The place the document is dated from: the mission's for the UN letter. -->
  <xsl:variable name="dated-at">
    <xsl:choose>
      <xsl:when test="$L/letterhead[@name = $K/@letterhead]/@place">
        <xsl:value-of select="$L/letterhead[@name = $K/@letterhead]/@place"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$L/place"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- ================================================ reference and date -->

  <!-- Number top left, place and date top right; on UN correspondence the
       marking in words under the number. -->
  <xsl:template name="reference-date-row">
    <xsl:param name="space-before" select="'10mm'"/>
    <xsl:param name="space-after" select="'10mm'"/>
    <xsl:variable name="number"><xsl:call-template name="number-text"/></xsl:variable>
    <xsl:variable name="marking">
      <xsl:if test="string($K/@marking-under-number) = 'true'">
        <xsl:call-template name="classification-word"><xsl:with-param name="un" select="true()"/></xsl:call-template>
      </xsl:if>
    </xsl:variable>
    <row space-before="{$space-before}" space-after="{$space-after}" keep-with-next="true">
      <cell align="left">
        <xsl:value-of select="$number"/>
        <xsl:if test="string($marking) != ''">
          <xsl:if test="string($number) != ''"><br/></xsl:if>
          <b><xsl:value-of select="$marking"/></b>
        </xsl:if>
      </cell>
      <cell align="right">
        <xsl:call-template name="place-date"><xsl:with-param name="place" select="string($dated-at)"/></xsl:call-template>
      </cell>
    </row>
  </xsl:template>

  <!-- ========================================================== paragraphs -->

  <!-- Content text with its whitespace collapsed; a space is kept between an
       inline element and the text around it, none at the start or end of the
       paragraph. $drop-final-period: leave out a full stop that ends the
       paragraph (a formula that follows completes the sentence). -->
  <xsl:template match="text()" mode="inline">
    <xsl:param name="drop-final-period" select="false()"/>
    <xsl:choose>
      <!-- Speed: the only text of its paragraph (the usual case) is its first
           and its last: no space around it. -->
      <xsl:when test="not($drop-final-period) and not(../node()[2]) and not(parent::emphasis)">
        <xsl:value-of select="normalize-space(.)"/>
      </xsl:when>
      <xsl:otherwise>
        <!-- Whether the node is the first or the last text of its paragraph is
             a search through the paragraph: asked last, only when it matters. -->
        <xsl:variable name="n" select="normalize-space(.)"/>
        <xsl:if test=". != '' and translate(substring(., 1, 1), $ws, '') = '' and
                      generate-id(ancestor::*[not(self::emphasis)][1]/descendant::text()[1]) != generate-id(.)">
          <xsl:text> </xsl:text>
        </xsl:if>
        <xsl:if test="$n != ''">
          <xsl:choose>
            <xsl:when test="$drop-final-period and substring($n, string-length($n), 1) = '.' and
                            generate-id(ancestor::*[not(self::emphasis)][1]/descendant::text()[last()]) = generate-id(.)">
              <xsl:value-of select="substring($n, 1, string-length($n) - 1)"/>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
          </xsl:choose>
          <xsl:if test="translate(substring(., string-length(.), 1), $ws, '') = '' and
                        generate-id(ancestor::*[not(self::emphasis)][1]/descendant::text()[last()]) != generate-id(.)">
            <xsl:text> </xsl:text>
          </xsl:if>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="emphasis" mode="inline">
    <xsl:param name="drop-final-period" select="false()"/>
    <i>
      <xsl:apply-templates mode="inline">
        <xsl:with-param name="drop-final-period" select="$drop-final-period"/>
      </xsl:apply-templates>
    </i>
  </xsl:template>

  <!-- Anything else (not in the schemas) contributes its text only. -->
  <xsl:template match="*" mode="inline">
    <xsl:param name="drop-final-period" select="false()"/>
    <xsl:apply-templates mode="inline">
      <xsl:with-param name="drop-final-period" select="$drop-final-period"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- A body paragraph; $prefix and $suffix are formula text around it. -->
  <xsl:template name="paragraph">
    <xsl:param name="node" select="."/>
    <xsl:param name="prefix" select="''"/>
    <xsl:param name="suffix" select="''"/>
    <xsl:param name="first-indent" select="$indent"/>
    <xsl:param name="keep-with-next" select="false()"/>
    <p first-indent="{$first-indent}" space-after="{$para-space}">
      <!-- the last lines of the text travel with the close, the signature and
           the addressee block: none of them starts a page alone -->
      <xsl:if test="$keep-with-next"><xsl:attribute name="keep-with-next">true</xsl:attribute></xsl:if>
      <xsl:value-of select="$prefix"/>
      <xsl:apply-templates select="$node/node()" mode="inline">
        <xsl:with-param name="drop-final-period" select="string($suffix) != ''"/>
      </xsl:apply-templates>
      <xsl:value-of select="$suffix"/>
    </p>
  </xsl:template>

  <!-- All paragraphs of the content; the first one carries the opening formula.
       (Speed: what "paragraph" does, written out here: a call with its five
       parameters costs more than the paragraph itself.) -->
  <xsl:template name="paragraphs">
    <xsl:param name="prefix" select="''"/>
    <xsl:param name="suffix" select="''"/>
    <xsl:param name="first-indent" select="$indent"/>
    <xsl:for-each select="$content/paragraph">
      <p first-indent="{$first-indent}" space-after="{$para-space}">
        <!-- the last lines of the text travel with the close, the signature and
             the addressee block: none of them starts a page alone -->
        <xsl:if test="position() = last()"><xsl:attribute name="keep-with-next">true</xsl:attribute></xsl:if>
        <xsl:choose>
          <xsl:when test="position() = 1">
            <xsl:value-of select="$prefix"/>
            <xsl:apply-templates mode="inline">
              <xsl:with-param name="drop-final-period" select="string($suffix) != ''"/>
            </xsl:apply-templates>
            <xsl:value-of select="$suffix"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:apply-templates mode="inline">
              <xsl:with-param name="drop-final-period" select="false()"/>
            </xsl:apply-templates>
          </xsl:otherwise>
        </xsl:choose>
      </p>
    </xsl:for-each>
  </xsl:template>

  <!-- The complimentary close, kept whole and with what follows (seal, signature). -->
  <xsl:template name="closing-paragraph">
    <xsl:param name="text"/>
    <xsl:param name="first-indent" select="$indent"/>
    <p first-indent="{$first-indent}" space-before="{$para-space}" keep-together="true" keep-with-next="true">
      <xsl:value-of select="normalize-space($text)"/>
    </p>
  </xsl:template>

  <!-- The salutation: the content's, else the directory's for the addressee
       (in the document's language), else the language's default ("Excellency,"). -->
  <xsl:variable name="salutation-text">
    <xsl:choose>
      <xsl:when test="normalize-space($content/salutation) != ''">
        <xsl:value-of select="normalize-space($content/salutation)"/>
      </xsl:when>
      <xsl:when test="$recipient-same-language and normalize-space($recipient/salutation) != ''">
        <xsl:value-of select="normalize-space($recipient/salutation)"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="normalize-space($L/salutation)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- The form of address the complimentary close repeats ("Please accept,
       Excellency, ..."; "Je vous prie d’agréer, Madame la Présidente, ..."): the
       salutation without its comma, unless it is a "Dear ..." form. -->
  <xsl:variable name="vocative">
    <xsl:variable name="s" select="normalize-space($salutation-text)"/>
    <xsl:variable name="bare">
      <xsl:choose>
        <xsl:when test="substring($s, string-length($s), 1) = ','"><xsl:value-of select="substring($s, 1, string-length($s) - 1)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$bare = '' or starts-with($bare, 'Dear ') or starts-with($bare, 'My dear ') or starts-with($bare, 'Cher ')
                      or starts-with($bare, 'Chère ') or starts-with($bare, 'Hörmətli ') or starts-with($bare, 'Əziz ')">
        <xsl:value-of select="substring-before($L/salutation, ',')"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$bare"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template name="salutation-paragraph">
    <p space-after="{$para-space}" keep-with-next="true">
      <xsl:value-of select="$salutation-text"/>
    </p>
  </xsl:template>

  <!-- ============================================================ annexes -->

  <xsl:template name="annexes">
    <xsl:variable name="annexes" select="$content/annex[normalize-space(@title) != '']"/>
    <xsl:choose>
      <xsl:when test="count($annexes) = 1">
        <p align="left" space-before="6mm" keep-with-next="true">
          <u><xsl:value-of select="$L/annex/@one"/></u>
          <xsl:value-of select="concat(' ', normalize-space($annexes/@title))"/>
        </p>
      </xsl:when>
      <xsl:when test="count($annexes) &gt; 1">
        <p align="left" space-before="6mm" keep-with-next="true"><u><xsl:value-of select="$L/annex/@many"/></u></p>
        <xsl:for-each select="$annexes">
          <p align="left" left-indent="8mm" first-indent="-8mm" keep-with-next="true">
            <xsl:value-of select="concat(position(), '.', $nbsp, ' ', normalize-space(@title))"/>
          </p>
        </xsl:for-each>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- ========================================================= signature -->

  <xsl:template name="signature">
    <xsl:param name="signed-marker" select="false()"/>
    <xsl:variable name="s" select="$content/signatory"/>
    <xsl:if test="$s">
      <signature sign-space="{$K/@sign-space}" space-before="{$para-space}" keep-with-next="true">
        <xsl:choose>
          <xsl:when test="$signed-marker">
            <line><i><xsl:value-of select="$L/signed-marker"/></i><xsl:value-of select="concat(' ', normalize-space($s/@name))"/></line>
          </xsl:when>
          <xsl:otherwise>
            <line><b><xsl:value-of select="normalize-space($s/@name)"/></b></line>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="normalize-space($s/@rank) != ''">
          <line><xsl:value-of select="normalize-space($s/@rank)"/></line>
        </xsl:if>
        <line><xsl:value-of select="normalize-space($s/@title)"/></line>
      </signature>
    </xsl:if>
  </xsl:template>

  <xsl:template name="seal-space">
    <seal-space width="45mm" height="35mm" align="right" space-before="2mm" keep-with-next="true"/>
  </xsl:template>

  <!-- ========================================================= addressees -->

  <!-- The name of the addressing institution as the formulas use it: the
       directory's organisation, else the name drafted in the content, else the
       generic word from the settings. -->
  <xsl:variable name="addressee-name">
    <xsl:choose>
      <xsl:when test="normalize-space($recipient/organisation) != ''">
        <xsl:value-of select="normalize-space($recipient/organisation)"/>
      </xsl:when>
      <xsl:when test="normalize-space($content/addressee) != ''">
        <xsl:value-of select="normalize-space($content/addressee)"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$L/generic-addressee"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- An addressee line; the last line at the foot of a note is underlined
       (the city, by diplomatic usage). -->
  <xsl:template name="addressee-line">
    <xsl:param name="text"/>
    <xsl:param name="underline" select="false()"/>
    <xsl:if test="normalize-space($text) != ''">
      <p>
        <xsl:choose>
          <xsl:when test="$underline"><u><xsl:value-of select="normalize-space($text)"/></u></xsl:when>
          <xsl:otherwise><xsl:value-of select="normalize-space($text)"/></xsl:otherwise>
        </xsl:choose>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- An institution (note verbale): the directory's postal lines, else its
       name (and the city, for an embassy), else the name in the content. -->
  <xsl:template name="institution-lines">
    <xsl:param name="underline" select="true()"/>
    <xsl:choose>
      <xsl:when test="$recipient/postal/line[normalize-space() != '']">
        <xsl:variable name="lines" select="$recipient/postal/line[normalize-space() != '']"/>
        <xsl:for-each select="$lines">
          <xsl:call-template name="addressee-line">
            <xsl:with-param name="text" select="."/>
            <xsl:with-param name="underline" select="$underline and position() = last() and last() &gt; 1"/>
          </xsl:call-template>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="normalize-space($recipient/organisation) != ''">
        <xsl:call-template name="addressee-line"><xsl:with-param name="text" select="$recipient/organisation"/></xsl:call-template>
        <xsl:if test="$recipient/@kind = 'foreign-embassy'">
          <xsl:call-template name="addressee-line">
            <xsl:with-param name="text" select="$L/place"/>
            <xsl:with-param name="underline" select="$underline"/>
          </xsl:call-template>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="addressee-line"><xsl:with-param name="text" select="$content/addressee"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A person (letters, first-person notes): the courtesy title ("His
       Excellency Mr. Jean Dupont, Ambassador of ..." on two lines), else name,
       title and organisation; then the city (the last postal line). Without a
       recipient: the name in the content, else $fallback and $fallback-city. -->
  <xsl:template name="person-lines">
    <xsl:param name="underline" select="true()"/>
    <xsl:param name="fallback" select="''"/>
    <xsl:param name="fallback-city" select="''"/>
    <xsl:variable name="courtesy" select="normalize-space($recipient/courtesy-title)"/>
    <xsl:variable name="postal" select="$recipient/postal/line[normalize-space() != '']"/>
    <xsl:choose>
      <xsl:when test="$recipient and $courtesy != ''">
        <xsl:choose>
          <xsl:when test="contains($courtesy, ', ')">
            <xsl:call-template name="addressee-line"><xsl:with-param name="text" select="substring-before($courtesy, ', ')"/></xsl:call-template>
            <xsl:call-template name="addressee-line"><xsl:with-param name="text" select="substring-after($courtesy, ', ')"/></xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="addressee-line"><xsl:with-param name="text" select="$courtesy"/></xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="addressee-line">
          <xsl:with-param name="text" select="$postal[last()]"/>
          <xsl:with-param name="underline" select="$underline"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$recipient">
        <xsl:call-template name="addressee-line"><xsl:with-param name="text" select="$recipient/person"/></xsl:call-template>
        <xsl:call-template name="addressee-line"><xsl:with-param name="text" select="$recipient/title"/></xsl:call-template>
        <xsl:call-template name="addressee-line"><xsl:with-param name="text" select="$recipient/organisation"/></xsl:call-template>
        <xsl:if test="count($postal) &gt; 1">
          <xsl:call-template name="addressee-line">
            <xsl:with-param name="text" select="$postal[last()]"/>
            <xsl:with-param name="underline" select="$underline"/>
          </xsl:call-template>
        </xsl:if>
      </xsl:when>
      <xsl:when test="normalize-space($content/addressee) != ''">
        <xsl:call-template name="addressee-line"><xsl:with-param name="text" select="$content/addressee"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="addressee-line"><xsl:with-param name="text" select="$fallback"/></xsl:call-template>
        <xsl:call-template name="addressee-line">
          <xsl:with-param name="text" select="$fallback-city"/>
          <xsl:with-param name="underline" select="$underline"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Is there anything to put in an addressee block? -->
  <xsl:variable name="has-addressee"
      select="boolean($recipient) or normalize-space($content/addressee) != ''"/>

</xsl:stylesheet>
