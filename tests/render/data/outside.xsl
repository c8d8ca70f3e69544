<?xml version="1.0" encoding="UTF-8"?>
<!-- Outside the fixture templates directory: templates must not be able to import it. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><page-layout version="1"><flow><p>outside-secret</p></flow></page-layout></xsl:template>
</xsl:stylesheet>
