<?xml version="1.0" encoding="UTF-8"?>
<!-- Hostile fixture: imports a stylesheet over the network. Must not compile (and must
     not connect: nothing listens on port 9 of the loopback anyway). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="http://127.0.0.1:9/evil.xsl"/>
</xsl:stylesheet>
