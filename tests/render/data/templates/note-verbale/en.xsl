<?xml version="1.0" encoding="UTF-8"?>
<!-- Fixture: a note verbale for the render-step tests, independent of the real
     templates: the fixture note under another kind name. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../fixture-note/en.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>
</xsl:stylesheet>
