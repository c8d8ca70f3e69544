<?xml version="1.0" encoding="UTF-8"?>
<!--
  What the formulas need from each language's grammar: English "the", French
  articles and elision ("à l’Ambassade", "au Ministère", "d’informer"),
  Azerbaijani dative ("Səfirliyinə"), ordinal numbers in words ("seventy-second",
  "soixante-douzième", "yetmiş ikinci"), lists ("35 and 71 (b)").
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:chancery:page-layout:1">

  <xsl:import href="core.xsl"/>

  <xsl:variable name="vowels-fr" select="'aàâäeéèêëiîïoôöuùûüyhAÀÂÄEÉÈÊËIÎÏOÔÖUÙÛÜYH'"/>

  <!-- ============================================================ English -->

  <!-- "the Embassy of ..." from "Embassy of ..." (or "The Embassy of ..."). -->
  <xsl:template name="en-the">
    <xsl:param name="name"/>
    <xsl:variable name="n" select="normalize-space($name)"/>
    <xsl:choose>
      <xsl:when test="starts-with($n, 'The ')"><xsl:value-of select="concat('the ', substring($n, 5))"/></xsl:when>
      <xsl:when test="starts-with($n, 'the ')"><xsl:value-of select="$n"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat('the ', $n)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The head of a name, for the short form of the closing formula:
       "Embassy" from "Embassy of the Swiss Confederation" (en),
       "Ambassade" from "Ambassade de la Confédération suisse" (fr). -->
  <xsl:template name="head-of-name">
    <xsl:param name="name"/>
    <!-- the name without "The " (a boolean counts as 1 or 0 in arithmetic) -->
    <xsl:variable name="n" select="substring(normalize-space($name), 1 + 4 * starts-with(normalize-space($name), 'The '))"/>
    <xsl:choose>
      <xsl:when test="$lang = 'fr'">
        <xsl:call-template name="shortest-prefix">
          <xsl:with-param name="s" select="$n"/>
          <xsl:with-param name="a" select="' de '"/>
          <xsl:with-param name="b" select="' d’'"/>
          <xsl:with-param name="c" select="' du '"/>
          <xsl:with-param name="d" select="' des '"/>
          <xsl:with-param name="e" select="&quot; d'&quot;"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="shortest-prefix">
          <xsl:with-param name="s" select="$n"/>
          <xsl:with-param name="a" select="' of '"/>
          <xsl:with-param name="b" select="' to '"/>
          <xsl:with-param name="c" select="' in '"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The part of $s before the earliest of the separators a..e ($s itself when
       none occurs, or when $s starts with the earliest). -->
  <xsl:template name="shortest-prefix">
    <xsl:param name="s"/>
    <xsl:param name="a" select="'|||||'"/>
    <xsl:param name="b" select="'|||||'"/>
    <xsl:param name="c" select="'|||||'"/>
    <xsl:param name="d" select="'|||||'"/>
    <xsl:param name="e" select="'|||||'"/>
    <!-- Where each separator starts (the length of the text before it), or
         past the end of $s when it does not occur. (Arithmetic on a boolean
         counts it as 1 or 0.) -->
    <xsl:variable name="none" select="string-length($s) + 1"/>
    <xsl:variable name="la" select="string-length(substring-before($s, $a)) + $none * not(contains($s, $a))"/>
    <xsl:variable name="lb" select="string-length(substring-before($s, $b)) + $none * not(contains($s, $b))"/>
    <xsl:variable name="lc" select="string-length(substring-before($s, $c)) + $none * not(contains($s, $c))"/>
    <xsl:variable name="ld" select="string-length(substring-before($s, $d)) + $none * not(contains($s, $d))"/>
    <xsl:variable name="le" select="string-length(substring-before($s, $e)) + $none * not(contains($s, $e))"/>
    <!-- the smallest, two at a time: (x < y) * x + (x >= y) * y -->
    <xsl:variable name="ab" select="($la &lt; $lb) * $la + ($la &gt;= $lb) * $lb"/>
    <xsl:variable name="abc" select="($ab &lt; $lc) * $ab + ($ab &gt;= $lc) * $lc"/>
    <xsl:variable name="abcd" select="($abc &lt; $ld) * $abc + ($abc &gt;= $ld) * $ld"/>
    <xsl:variable name="min" select="($abcd &lt; $le) * $abcd + ($abcd &gt;= $le) * $le"/>
    <xsl:choose>
      <xsl:when test="$min &gt; 0"><xsl:value-of select="substring($s, 1, $min)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================= French -->

  <!-- The article of a name: l’, le, la or les (from the table in settings). -->
  <xsl:template name="fr-article">
    <xsl:param name="name"/>
    <xsl:variable name="n" select="normalize-space($name)"/>
    <xsl:variable name="head">
      <xsl:choose>
        <xsl:when test="contains($n, ' ')"><xsl:value-of select="substring-before($n, ' ')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="table" select="$settings/language[@code = 'fr']/articles/word"/>
    <xsl:choose>
      <xsl:when test="$table[@head = $head]"><xsl:value-of select="$table[@head = $head]/@article"/></xsl:when>
      <xsl:when test="substring($head, string-length($head), 1) = 's' and
                      $table[concat(@head, 's') = $head]">les</xsl:when>
      <xsl:when test="contains($vowels-fr, substring($n, 1, 1))">l’</xsl:when>
      <xsl:otherwise>la</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A name with its article after "à" or "de": "à l’Ambassade de ...",
       "au Ministère ...", "de la Mission ...", "du Comité ...". A name that
       already starts with an article is left as it is, after the preposition. -->
  <xsl:template name="fr-with-preposition">
    <xsl:param name="name"/>
    <xsl:param name="preposition" select="'à'"/>
    <xsl:variable name="n" select="normalize-space($name)"/>
    <xsl:variable name="article">
      <xsl:call-template name="fr-article"><xsl:with-param name="name" select="$n"/></xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="starts-with($n, 'le ') or starts-with($n, 'la ') or starts-with($n, 'l’') or starts-with($n, 'les ')
                      or starts-with($n, 'Le ') or starts-with($n, 'La ') or starts-with($n, 'L’') or starts-with($n, 'Les ')">
        <xsl:value-of select="concat($preposition, ' ', $n)"/>
      </xsl:when>
      <xsl:when test="$article = 'le' and $preposition = 'à'"><xsl:value-of select="concat('au ', $n)"/></xsl:when>
      <xsl:when test="$article = 'le' and $preposition = 'de'"><xsl:value-of select="concat('du ', $n)"/></xsl:when>
      <xsl:when test="$article = 'les' and $preposition = 'à'"><xsl:value-of select="concat('aux ', $n)"/></xsl:when>
      <xsl:when test="$article = 'les' and $preposition = 'de'"><xsl:value-of select="concat('des ', $n)"/></xsl:when>
      <xsl:when test="$article = 'l’'"><xsl:value-of select="concat($preposition, ' l’', $n)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat($preposition, ' ', $article, ' ', $n)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "de " or "d’" before a text ("a l’honneur d’informer"). -->
  <xsl:template name="fr-de">
    <xsl:param name="before"/>
    <xsl:choose>
      <xsl:when test="contains($vowels-fr, substring(normalize-space($before), 1, 1))">d’</xsl:when>
      <xsl:otherwise>de </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ======================================================== Azerbaijani -->

  <!-- The dative of a name: "İsveçrə Konfederasiyasının Səfirliyi" ->
       "... Səfirliyinə", "Təşkilatı" -> "Təşkilatına", "Səfirlik" -> "Səfirliyə",
       "Komitə" -> "Komitəyə". The vowel follows the last vowel of the name. -->
  <xsl:template name="az-dative">
    <xsl:param name="name"/>
    <xsl:variable name="n" select="normalize-space($name)"/>
    <xsl:variable name="last" select="substring($n, string-length($n), 1)"/>
    <xsl:variable name="v">
      <xsl:call-template name="az-last-vowel"><xsl:with-param name="s" select="$n"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="h">
      <xsl:choose>
        <xsl:when test="$v != '' and contains('aıouAIOU', $v)">a</xsl:when>
        <xsl:otherwise>ə</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="stem" select="substring($n, 1, string-length($n) - 1)"/>
    <xsl:choose>
      <xsl:when test="$n = ''"/>
      <!-- an abbreviation (BMT, ATƏT): suffix after a hyphen -->
      <xsl:when test="translate($last, 'ABCÇDEƏFGĞHXIİJKQLMNOÖPRSŞTUÜVYZ', '') = ''">
        <xsl:value-of select="concat($n, '-', 'y', $h)"/>
      </xsl:when>
      <!-- possessive ending (Səfirliyi, Təşkilatı, Komitəsi): -na / -nə -->
      <xsl:when test="contains('ıiuü', $last)"><xsl:value-of select="concat($n, 'n', $h)"/></xsl:when>
      <xsl:when test="contains('aeəoö', $last)"><xsl:value-of select="concat($n, 'y', $h)"/></xsl:when>
      <xsl:when test="$last = 'k' and string-length($n) &gt; 3"><xsl:value-of select="concat($stem, 'y', $h)"/></xsl:when>
      <xsl:when test="$last = 'q' and string-length($n) &gt; 3"><xsl:value-of select="concat($stem, 'ğ', $h)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat($n, $h)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="az-last-vowel">
    <xsl:param name="s"/>
    <xsl:variable name="c" select="substring($s, string-length($s), 1)"/>
    <xsl:choose>
      <xsl:when test="$s = ''"/>
      <xsl:when test="contains('aıoueəiöüAIOUEƏİÖÜ', $c)"><xsl:value-of select="$c"/></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="az-last-vowel">
          <xsl:with-param name="s" select="substring($s, 1, string-length($s) - 1)"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ======================================================== ordinals -->

  <!-- An ordinal in words, 1 to 99 ("seventy-second", "soixante-douzième"
       (feminine for "session": "première"), "yetmiş ikinci"); other numbers in
       figures ("120th", "120e", "120-ci"). -->
  <xsl:template name="ordinal-words">
    <xsl:param name="n"/>
    <xsl:variable name="u" select="$n mod 10"/>
    <xsl:variable name="t" select="floor($n div 10)"/>
    <xsl:choose>
      <xsl:when test="string(number($n)) = 'NaN' or $n &lt; 1 or $n &gt; 99 or $n != floor($n)">
        <xsl:value-of select="$n"/>
        <xsl:choose>
          <xsl:when test="$lang = 'fr'">e</xsl:when>
          <xsl:when test="$lang = 'az'">
            <xsl:call-template name="az-number-suffix"><xsl:with-param name="n" select="$n"/></xsl:call-template>
          </xsl:when>
          <xsl:when test="floor($n div 10) mod 10 = 1">th</xsl:when>
          <xsl:when test="$n mod 10 = 1">st</xsl:when>
          <xsl:when test="$n mod 10 = 2">nd</xsl:when>
          <xsl:when test="$n mod 10 = 3">rd</xsl:when>
          <xsl:otherwise>th</xsl:otherwise>
        </xsl:choose>
      </xsl:when>

      <xsl:when test="$lang = 'fr'">
        <xsl:variable name="ord" select="'|première|deuxième|troisième|quatrième|cinquième|sixième|septième|huitième|neuvième|dixième|onzième|douzième|treizième|quatorzième|quinzième|seizième|dix-septième|dix-huitième|dix-neuvième|'"/>
        <xsl:variable name="tens" select="'||vingt|trente|quarante|cinquante|soixante|soixante|quatre-vingt|quatre-vingt|'"/>
        <xsl:variable name="tenth" select="'||vingtième|trentième|quarantième|cinquantième|soixantième|soixante-dixième|quatre-vingtième|quatre-vingt-dixième|'"/>
        <xsl:choose>
          <xsl:when test="$n &lt; 20">
            <xsl:call-template name="nth-field"><xsl:with-param name="list" select="$ord"/><xsl:with-param name="n" select="$n"/></xsl:call-template>
          </xsl:when>
          <xsl:when test="($t = 7 or $t = 9) or $u != 0">
            <xsl:variable name="rest" select="$n - $t * 10 + 10 * number($t = 7 or $t = 9)"/>
            <xsl:call-template name="nth-field"><xsl:with-param name="list" select="$tens"/><xsl:with-param name="n" select="$t"/></xsl:call-template>
            <xsl:choose>
              <xsl:when test="$rest = 1 and $t != 8">&#32;et unième</xsl:when>
              <xsl:when test="$rest = 1">-unième</xsl:when>
              <xsl:when test="$rest = 11 and $t = 7">&#32;et onzième</xsl:when>
              <xsl:otherwise>
                <xsl:text>-</xsl:text>
                <xsl:call-template name="nth-field"><xsl:with-param name="list" select="$ord"/><xsl:with-param name="n" select="$rest"/></xsl:call-template>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="nth-field"><xsl:with-param name="list" select="$tenth"/><xsl:with-param name="n" select="$t"/></xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:when>

      <xsl:when test="$lang = 'az'">
        <xsl:variable name="card" select="'|bir|iki|üç|dörd|beş|altı|yeddi|səkkiz|doqquz|'"/>
        <xsl:variable name="ord" select="'|birinci|ikinci|üçüncü|dördüncü|beşinci|altıncı|yeddinci|səkkizinci|doqquzuncu|'"/>
        <xsl:variable name="tens" select="'|on|iyirmi|otuz|qırx|əlli|altmış|yetmiş|səksən|doxsan|'"/>
        <xsl:variable name="tenth" select="'|onuncu|iyirminci|otuzuncu|qırxıncı|əllinci|altmışıncı|yetmişinci|səksəninci|doxsanıncı|'"/>
        <xsl:choose>
          <xsl:when test="$t = 0">
            <xsl:call-template name="nth-field"><xsl:with-param name="list" select="$ord"/><xsl:with-param name="n" select="$u"/></xsl:call-template>
          </xsl:when>
          <xsl:when test="$u = 0">
            <xsl:call-template name="nth-field"><xsl:with-param name="list" select="$tenth"/><xsl:with-param name="n" select="$t"/></xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="nth-field"><xsl:with-param name="list" select="$tens"/><xsl:with-param name="n" select="$t"/></xsl:call-template>
            <xsl:text> </xsl:text>
            <xsl:call-template name="nth-field"><xsl:with-param name="list" select="$ord"/><xsl:with-param name="n" select="$u"/></xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:when>

      <xsl:otherwise>
        <xsl:variable name="ord" select="'|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|'"/>
        <xsl:variable name="tens" select="'||twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|'"/>
        <xsl:variable name="tenth" select="'||twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth|'"/>
        <xsl:choose>
          <xsl:when test="$n &lt; 20">
            <xsl:call-template name="nth-field"><xsl:with-param name="list" select="$ord"/><xsl:with-param name="n" select="$n"/></xsl:call-template>
          </xsl:when>
          <xsl:when test="$u = 0">
            <xsl:call-template name="nth-field"><xsl:with-param name="list" select="$tenth"/><xsl:with-param name="n" select="$t"/></xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="nth-field"><xsl:with-param name="list" select="$tens"/><xsl:with-param name="n" select="$t"/></xsl:call-template>
            <xsl:text>-</xsl:text>
            <xsl:call-template name="nth-field"><xsl:with-param name="list" select="$ord"/><xsl:with-param name="n" select="$u"/></xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The n-th field of "|a|b|c|" (1-based). -->
  <xsl:template name="nth-field">
    <xsl:param name="list"/>
    <xsl:param name="n"/>
    <xsl:variable name="rest" select="substring-after($list, '|')"/>
    <xsl:choose>
      <xsl:when test="$n &lt;= 1"><xsl:value-of select="substring-before($rest, '|')"/></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="nth-field">
          <xsl:with-param name="list" select="concat('|', substring-after($rest, '|'))"/>
          <xsl:with-param name="n" select="$n - 1"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
