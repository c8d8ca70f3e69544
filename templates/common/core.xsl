<?xml version="1.0" encoding="UTF-8"?>
<!--
  Core of every template: the envelope, the settings, and small helpers
  (placeholders, dates, casing, numbers).

  A template for one kind and language imports its kind module (which imports
  this one) and sets $lang and $kind:

    <xsl:import href="../common/third-person-note.xsl"/>
    <xsl:variable name="lang" select="'en'"/>
    <xsl:variable name="kind" select="'note-verbale'"/>

  Only XSLT 1.0 and XPath 1.0: no extension functions (no exsl:node-set), so the
  templates run on any libxslt set-up. document() is used only for settings.xml.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- Overridden by the importing template. -->
  <xsl:variable name="lang" select="'en'"/>
  <xsl:variable name="kind" select="string(/document/@kind)"/>

  <xsl:variable name="settings" select="document('../settings.xml')/settings"/>
  <!-- The language's settings, falling back to English for an unknown code. -->
  <xsl:variable name="L" select="$settings/language[@code = $lang] |
                                 $settings/language[@code = 'en'][not($settings/language[@code = $lang])]"/>
  <xsl:variable name="K" select="$settings/kind[@name = $kind]"/>

  <xsl:variable name="doc" select="/document"/>
  <xsl:variable name="content" select="/document/content/*[1]"/>

  <!-- The recipient the content names by directory id, else the first one. -->
  <xsl:variable name="recipient"
      select="/document/recipient[@id = $content/addressee/@ref][1] |
              /document/recipient[1][not(/document/recipient[@id = $content/addressee/@ref])]"/>
  <!-- Courtesy data of the directory entry is used only when it is written in
       the document's language (or says nothing about its language). -->
  <xsl:variable name="recipient-same-language"
      select="not($recipient/@language) or $recipient/@language = '' or
              $recipient/@language = $lang or starts-with($recipient/@language, concat($lang, '-'))"/>

  <xsl:variable name="nbsp" select="'&#160;'"/>
  <xsl:variable name="ws" select="' &#9;&#10;&#13;'"/>

  <!-- ============================================================ strings -->

  <!-- Replaces {name} placeholders in a settings pattern. Unknown names are kept.
       (Speed: a call passes twelve parameters, so the template recurses only
       while a "{" remains; the names are tried most frequent first.) -->
  <xsl:template name="fill">
    <xsl:param name="pattern"/>
    <xsl:param name="place"/>
    <xsl:param name="date"/>
    <xsl:param name="time"/>
    <xsl:param name="d"/>
    <xsl:param name="d1"/>
    <xsl:param name="month"/>
    <xsl:param name="yyyy"/>
    <xsl:param name="hh"/>
    <xsl:param name="h"/>
    <xsl:param name="mm"/>
    <xsl:param name="CITY"/>
    <xsl:choose>
      <xsl:when test="contains(substring-after($pattern, '{'), '}')">
        <xsl:variable name="after" select="substring-after($pattern, '{')"/>
        <xsl:variable name="name" select="substring-before($after, '}')"/>
        <xsl:variable name="rest" select="substring-after($after, '}')"/>
        <xsl:value-of select="substring-before($pattern, '{')"/>
        <xsl:choose>
          <xsl:when test="$name = 'd1'"><xsl:value-of select="$d1"/></xsl:when>
          <xsl:when test="$name = 'month'"><xsl:value-of select="$month"/></xsl:when>
          <xsl:when test="$name = 'yyyy'"><xsl:value-of select="$yyyy"/></xsl:when>
          <xsl:when test="$name = 'place'"><xsl:value-of select="$place"/></xsl:when>
          <xsl:when test="$name = 'date'"><xsl:value-of select="$date"/></xsl:when>
          <xsl:when test="$name = 'time'"><xsl:value-of select="$time"/></xsl:when>
          <xsl:when test="$name = 'd'"><xsl:value-of select="$d"/></xsl:when>
          <xsl:when test="$name = 'hh'"><xsl:value-of select="$hh"/></xsl:when>
          <xsl:when test="$name = 'h'"><xsl:value-of select="$h"/></xsl:when>
          <xsl:when test="$name = 'mm'"><xsl:value-of select="$mm"/></xsl:when>
          <xsl:when test="$name = 'CITY'"><xsl:value-of select="$CITY"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="concat('{', $name, '}')"/></xsl:otherwise>
        </xsl:choose>
        <xsl:choose>
          <xsl:when test="not(contains($rest, '{'))"><xsl:value-of select="$rest"/></xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="fill">
              <xsl:with-param name="pattern" select="$rest"/>
              <xsl:with-param name="place" select="$place"/>
              <xsl:with-param name="date" select="$date"/>
              <xsl:with-param name="time" select="$time"/>
              <xsl:with-param name="d" select="$d"/>
              <xsl:with-param name="d1" select="$d1"/>
              <xsl:with-param name="month" select="$month"/>
              <xsl:with-param name="yyyy" select="$yyyy"/>
              <xsl:with-param name="hh" select="$hh"/>
              <xsl:with-param name="h" select="$h"/>
              <xsl:with-param name="mm" select="$mm"/>
              <xsl:with-param name="CITY" select="$CITY"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$pattern"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The n-th word (1-based) of a space-separated list. -->
  <xsl:template name="nth-word">
    <xsl:param name="list"/>
    <xsl:param name="n"/>
    <xsl:call-template name="nth-word-of">
      <xsl:with-param name="words" select="concat(normalize-space($list), ' ')"/>
      <xsl:with-param name="n" select="$n"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The same in $words, where every word is followed by one space. (Speed:
       the list is normalised once, not at every step, and four words are skipped
       at a time while there are more than four to skip: November is four calls
       away, not ten.) -->
  <xsl:template name="nth-word-of">
    <xsl:param name="words"/>
    <xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="$n &lt;= 1"><xsl:value-of select="substring-before($words, ' ')"/></xsl:when>
      <xsl:when test="$n &gt; 4 and $words != ''">
        <xsl:call-template name="nth-word-of">
          <xsl:with-param name="words" select="substring-after(substring-after(substring-after(substring-after($words, ' '), ' '), ' '), ' ')"/>
          <xsl:with-param name="n" select="$n - 4"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$words != ''">
        <xsl:call-template name="nth-word-of">
          <xsl:with-param name="words" select="substring-after($words, ' ')"/>
          <xsl:with-param name="n" select="$n - 1"/>
        </xsl:call-template>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- Upper case by the language's table (Azerbaijani i -> İ, ı -> I). -->
  <xsl:template name="upper">
    <xsl:param name="s"/>
    <xsl:value-of select="translate($s, $L/case/@lower, $L/case/@upper)"/>
  </xsl:template>

  <xsl:template name="lower">
    <xsl:param name="s"/>
    <xsl:value-of select="translate($s, $L/case/@upper, $L/case/@lower)"/>
  </xsl:template>

  <!-- Replaces every occurrence of $from in $s by $to. -->
  <xsl:template name="replace">
    <xsl:param name="s"/>
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:choose>
      <xsl:when test="$from != '' and contains($s, $from)">
        <xsl:value-of select="concat(substring-before($s, $from), $to)"/>
        <xsl:call-template name="replace">
          <xsl:with-param name="s" select="substring-after($s, $from)"/>
          <xsl:with-param name="from" select="$from"/>
          <xsl:with-param name="to" select="$to"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================== dates -->

  <!-- "28 November 2026" / "28 novembre 2026" / "1er novembre 2026" /
       "28 noyabr 2026" from YYYY-MM-DD (anything else is printed as given). -->
  <xsl:template name="format-date">
    <xsl:param name="iso" select="string($doc/@date)"/>
    <xsl:param name="year-suffix" select="string($L/date-format/@year-suffix) = 'true'"/>
    <xsl:variable name="y" select="substring($iso, 1, 4)"/>
    <xsl:variable name="m" select="number(substring($iso, 6, 2))"/>
    <xsl:variable name="d" select="number(substring($iso, 9, 2))"/>
    <xsl:choose>
      <xsl:when test="string-length($iso) &lt; 10 or substring($iso, 5, 1) != '-' or substring($iso, 8, 1) != '-'
                      or not($m &gt;= 1 and $m &lt;= 12) or not($d &gt;= 1 and $d &lt;= 31)
                      or string(number($y)) = 'NaN'">
        <xsl:value-of select="$iso"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="month">
          <xsl:call-template name="nth-word">
            <xsl:with-param name="list" select="$L/months"/>
            <xsl:with-param name="n" select="$m"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:variable name="d1">
          <xsl:choose>
            <xsl:when test="$d = 1 and string($L/first-day) != ''"><xsl:value-of select="$L/first-day"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$d"/></xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:variable name="yyyy">
          <xsl:value-of select="$y"/>
          <xsl:if test="$year-suffix">
            <xsl:call-template name="az-number-suffix"><xsl:with-param name="n" select="number($y)"/></xsl:call-template>
            <xsl:text>&#160;il</xsl:text>
          </xsl:if>
        </xsl:variable>
        <xsl:variable name="pattern" select="string($L/date-format)"/>
        <!-- what stands between {d1} and {yyyy} -->
        <xsl:variable name="middle" select="substring($pattern, 5, string-length($pattern) - 10)"/>
        <xsl:choose>
          <!-- Speed: the pattern of every language, "{d1}…{month}…{yyyy}" with no
               other "{", is filled here (fill passes twelve parameters at every
               placeholder); any other goes through fill. -->
          <xsl:when test="starts-with($pattern, '{d1}') and substring($pattern, string-length($pattern) - 5) = '{yyyy}'
                          and contains($middle, '{month}') and not(contains(substring-before($middle, '{month}'), '{'))
                          and not(contains(substring-after($middle, '{month}'), '{'))">
            <xsl:value-of select="concat($d1, substring-before($middle, '{month}'), $month, substring-after($middle, '{month}'), $yyyy)"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="fill">
              <xsl:with-param name="pattern" select="$pattern"/>
              <xsl:with-param name="d" select="$d"/>
              <xsl:with-param name="d1" select="$d1"/>
              <xsl:with-param name="month" select="$month"/>
              <xsl:with-param name="yyyy" select="$yyyy"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "Baku, 28 November 2026" / "Bakou, le 28 novembre 2026". -->
  <xsl:template name="place-date">
    <xsl:param name="place" select="string($L/place)"/>
    <xsl:param name="iso" select="string($doc/@date)"/>
    <xsl:variable name="date">
      <xsl:call-template name="format-date"><xsl:with-param name="iso" select="$iso"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="pattern" select="string($L/place-date)"/>
    <!-- what stands between {place} and {date} -->
    <xsl:variable name="middle" select="substring($pattern, 8, string-length($pattern) - 13)"/>
    <xsl:choose>
      <!-- Speed: the usual "{place}…{date}" with no other "{" is filled here. -->
      <xsl:when test="starts-with($pattern, '{place}') and substring($pattern, string-length($pattern) - 5) = '{date}'
                      and string-length($pattern) &gt;= 13 and not(contains($middle, '{'))">
        <xsl:value-of select="concat($place, $middle, $date)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="fill">
          <xsl:with-param name="pattern" select="$pattern"/>
          <xsl:with-param name="place" select="$place"/>
          <xsl:with-param name="date" select="$date"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Azerbaijani ordinal suffix of a number written in digits: 1-ci, 3-cü,
       6-cı, 9-cu, 10-cu, 40-cı, 100-cü, 2026-cı (the vowel follows the last
       word pronounced). -->
  <xsl:template name="az-number-suffix">
    <xsl:param name="n"/>
    <xsl:variable name="u" select="$n mod 10"/>
    <xsl:variable name="t" select="floor($n div 10) mod 10"/>
    <xsl:text>-</xsl:text>
    <xsl:choose>
      <xsl:when test="string(number($n)) = 'NaN'">ci</xsl:when>
      <xsl:when test="$u != 0">
        <xsl:value-of select="substring('ci ci cü cü ci cı ci ci cu ', ($u - 1) * 3 + 1, 2)"/>
      </xsl:when>
      <xsl:when test="$t != 0">
        <xsl:value-of select="substring('cu ci cu cı ci cı ci ci cı ', ($t - 1) * 3 + 1, 2)"/>
      </xsl:when>
      <xsl:when test="$n mod 1000 != 0">cü</xsl:when>
      <xsl:otherwise>ci</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ========================================================== registry -->

  <!-- "No. NV-0001/2026"; empty before registration. -->
  <xsl:template name="number-text">
    <xsl:if test="normalize-space($doc/@number) != ''">
      <xsl:value-of select="concat($L/number-label, $nbsp, normalize-space($doc/@number))"/>
    </xsl:if>
  </xsl:template>

  <!-- The marking word for the document's classification; empty when there is
       none. An unknown level is printed in capitals rather than dropped. -->
  <xsl:template name="classification-word">
    <xsl:param name="un" select="false()"/>
    <xsl:variable name="level" select="normalize-space($doc/@classification)"/>
    <xsl:variable name="known" select="$L/classification[@level = $level]"/>
    <xsl:choose>
      <xsl:when test="$level = '' or $level = 'none' or $level = 'unclassified' or $level = 'public'"/>
      <xsl:when test="$known and $un"><xsl:value-of select="$known/@un"/></xsl:when>
      <xsl:when test="$known"><xsl:value-of select="$known"/></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="upper"><xsl:with-param name="s" select="$level"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "Note verbale No. NV-0001/2026" (pages 2.. of the PDF). -->
  <xsl:template name="continuation-header">
    <xsl:value-of select="$L/document-name[@kind = $kind]"/>
    <xsl:if test="normalize-space($doc/@number) != ''">
      <xsl:choose>
        <xsl:when test="$L/number-label/@inline">
          <xsl:value-of select="concat(' ', $L/number-label/@inline, $nbsp, normalize-space($doc/@number))"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="concat(' ', $L/number-label, $nbsp, normalize-space($doc/@number))"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
