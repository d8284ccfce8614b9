<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="da">
  <context>
    <name>CheckTask</name>
    <message>
      <source>Overblikskort: checking the workspace</source>
      <translation>Overblikskort: kontrollerer arbejdsfilen</translation>
    </message>
    <message>
      <source>The check was canceled.</source>
      <translation>Kontrollen blev annulleret.</translation>
    </message>
    <message>
      <source>The check failed: {0}</source>
      <translation>Kontrollen mislykkedes: {0}</translation>
    </message>
  </context>
  <context>
    <name>Constraints</name>
    <message>
      <source>must be a UUID such as 3f2b8c1e-0a4d-4c55-9a51-2f0c6d7e8b90</source>
      <translation>skal være et UUID, fx 3f2b8c1e-0a4d-4c55-9a51-2f0c6d7e8b90</translation>
    </message>
    <message>
      <source>must be four digits, e.g. 0167</source>
      <translation>skal være fire cifre, fx 0167</translation>
    </message>
    <message>
      <source>must be an e-mail address such as name@kommune.dk</source>
      <translation>skal være en e-mailadresse, fx navn@kommune.dk</translation>
    </message>
    <message>
      <source>must be a phone number of 8 to 16 digits, e.g. +45 12 34 56 78</source>
      <translation>skal være et telefonnummer med 8 til 16 cifre, fx +45 12 34 56 78</translation>
    </message>
    <message>
      <source>must be a web address starting with https:// or http://</source>
      <translation>skal være en webadresse, der begynder med https:// eller http://</translation>
    </message>
    <message>
      <source>must not be empty</source>
      <translation>må ikke være tom</translation>
    </message>
    <message>
      <source>must match the pattern {0}</source>
      <translation>skal følge mønsteret {0}</translation>
    </message>
    <message>
      <source>must be one of: {0}</source>
      <translation>skal være en af: {0}</translation>
    </message>
    <message>
      <source>must be between {0} and {1}</source>
      <translation>skal være mellem {0} og {1}</translation>
    </message>
    <message>
      <source>must be at most {0} characters</source>
      <translation>må højst være {0} tegn</translation>
    </message>
    <message>
      <source>must be at least {0}</source>
      <translation>skal være mindst {0}</translation>
    </message>
    <message>
      <source>must be at most {0}</source>
      <translation>må højst være {0}</translation>
    </message>
  </context>
  <context>
    <name>Export</name>
    <message>
      <source>Could not write layer {0}: {1}</source>
      <translation>Laget {0} kunne ikke skrives: {1}</translation>
    </message>
  </context>
  <context>
    <name>Forms</name>
    <message>
      <source>(not set)</source>
      <translation>(ikke angivet)</translation>
    </message>
  </context>
  <context>
    <name>Freshness</name>
    <message>
      <source>Confirm unchanged</source>
      <translation>Bekræft uændret</translation>
    </message>
  </context>
  <context>
    <name>Import</name>
    <message>
      <source>Overblikskort: importing into {0}</source>
      <translation>Overblikskort: importerer til {0}</translation>
    </message>
    <message>
      <source>Overblikskort: preview of the import into {0}</source>
      <translation>Overblikskort: forhåndsvisning af importen til {0}</translation>
    </message>
    <message>
      <source>no geometry</source>
      <translation>ingen geometri</translation>
    </message>
    <message>
      <source>{0}: '{1}' is not a UUID</source>
      <translation>{0}: '{1}' er ikke et UUID</translation>
    </message>
    <message>
      <source>{0}: longer than {1} characters</source>
      <translation>{0}: længere end {1} tegn</translation>
    </message>
    <message>
      <source>Import into {0}</source>
      <translation>Import til {0}</translation>
    </message>
    <message>
      <source>The import was canceled; nothing was added.</source>
      <translation>Importen blev annulleret; intet blev tilføjet.</translation>
    </message>
    <message>
      <source>{0}: '{1}' is not in the code list (map it to a code)</source>
      <translation>{0}: '{1}' findes ikke i kodelisten (knyt den til en kode)</translation>
    </message>
    <message>
      <source>{0}: '{1}' is not a whole number</source>
      <translation>{0}: '{1}' er ikke et helt tal</translation>
    </message>
    <message>
      <source>{0}: '{1}' is not a number</source>
      <translation>{0}: '{1}' er ikke et tal</translation>
    </message>
    <message>
      <source>{0}: '{1}' is not yes/no</source>
      <translation>{0}: '{1}' er ikke ja/nej</translation>
    </message>
    <message>
      <source>{0}: '{1}' is not a date</source>
      <translation>{0}: '{1}' er ikke en dato</translation>
    </message>
    <message>
      <source>a {0} cannot go into a layer of {1}</source>
      <translation>en {0} kan ikke indgå i et lag af typen {1}</translation>
    </message>
    <message>
      <source>has several parts; the layer takes one</source>
      <translation>har flere dele; laget tager kun én</translation>
    </message>
    <message>
      <source>required fields without a value: {0}</source>
      <translation>obligatoriske felter uden værdi: {0}</translation>
    </message>
    <message>
      <source>the layer {0} is no longer in the project</source>
      <translation>laget {0} er ikke længere i projektet</translation>
    </message>
    <message>
      <source>the layer {0} cannot be edited</source>
      <translation>laget {0} kan ikke redigeres</translation>
    </message>
    <message>
      <source>the features could not be added to {0}</source>
      <translation>objekterne kunne ikke tilføjes til {0}</translation>
    </message>
    <message>
      <source>saving {0} failed: {1}</source>
      <translation>det mislykkedes at gemme {0}: {1}</translation>
    </message>
    <message>
      <source>{0}: '{1}' is not in the code list; imported as the nearest general code {2} ({3})</source>
      <translation>{0}: '{1}' findes ikke i kodelisten; importeret som den nærmeste generelle kode {2} ({3})</translation>
    </message>
    <message>
      <source>cannot be reprojected to EPSG:25832 ({0})</source>
      <translation>kan ikke omregnes til EPSG:25832 ({0})</translation>
    </message>
    <message>
      <source>The import failed: {0}</source>
      <translation>Importen mislykkedes: {0}</translation>
    </message>
  </context>
  <context>
    <name>ImportDialog</name>
    <message>
      <source>Import into the workspace</source>
      <translation>Importér til arbejdsfilen</translation>
    </message>
    <message>
      <source>Choose the source layer and the workspace layer.</source>
      <translation>Vælg kildelaget og arbejdsfilens lag.</translation>
    </message>
    <message>
      <source>Skip rows outside the municipality</source>
      <translation>Spring rækker uden for kommunen over</translation>
    </message>
    <message>
      <source>Rows with another municipality's code, or lying mostly outside the municipality, would block the send.</source>
      <translation>Rækker med en anden kommunes kode, eller som mest ligger uden for kommunen, ville blokere indsendelsen.</translation>
    </message>
    <message>
      <source>From Plandata (WFS)…</source>
      <translation>Fra Plandata (WFS)…</translation>
    </message>
    <message>
      <source>Preview</source>
      <translation>Forhåndsvis</translation>
    </message>
    <message>
      <source>Import</source>
      <translation>Importér</translation>
    </message>
    <message>
      <source>Source layer</source>
      <translation>Kildelag</translation>
    </message>
    <message>
      <source>Workspace layer</source>
      <translation>Arbejdsfilens lag</translation>
    </message>
    <message>
      <source>Check the mapping, then press Preview.</source>
      <translation>Kontrollér koblingen, og tryk så på Forhåndsvis.</translation>
    </message>
    <message>
      <source>Field</source>
      <translation>Felt</translation>
    </message>
    <message>
      <source>From source field</source>
      <translation>Fra kildefelt</translation>
    </message>
    <message>
      <source>Or fixed value</source>
      <translation>Eller fast værdi</translation>
    </message>
    <message>
      <source>Code values</source>
      <translation>Kodeværdier</translation>
    </message>
    <message>
      <source>(not imported)</source>
      <translation>(importeres ikke)</translation>
    </message>
    <message>
      <source>Importing…</source>
      <translation>Importerer…</translation>
    </message>
    <message>
      <source>Reading the source layer…</source>
      <translation>Læser kildelaget…</translation>
    </message>
    <message>
      <source>Look at these values:</source>
      <translation>Se på disse værdier:</translation>
    </message>
    <message>
      <source>{0} of {1} features imported.</source>
      <translation>{0} af {1} objekter importeret.</translation>
    </message>
    <message>
      <source>They are in the layer's edit buffer: look at them, then save the edits (or undo the whole import with Ctrl+Z).</source>
      <translation>De ligger i lagets redigeringsbuffer: se dem igennem, og gem så redigeringerne (eller fortryd hele importen med Ctrl+Z).</translation>
    </message>
    <message>
      <source>Open a workspace and choose a source layer first.</source>
      <translation>Åbn en arbejdsfil, og vælg først et kildelag.</translation>
    </message>
    <message>
      <source>Values…</source>
      <translation>Værdier…</translation>
    </message>
    <message>
      <source>{0} of {1} features will be imported.</source>
      <translation>{0} af {1} objekter vil blive importeret.</translation>
    </message>
    <message>
      <source>Choose the source field of {0} first.</source>
      <translation>Vælg først kildefeltet til {0}.</translation>
    </message>
    <message>
      <source>{0} would fail:</source>
      <translation>{0} vil fejle:</translation>
    </message>
    <message>
      <source>{0} rows outside the municipality were skipped.</source>
      <translation>{0} rækker uden for kommunen blev sprunget over.</translation>
    </message>
    <message>
      <source>{0} rows lie outside the municipality and are skipped:</source>
      <translation>{0} rækker ligger uden for kommunen og springes over:</translation>
    </message>
    <message>
      <source>{0} rows lie outside the municipality (they would block the send):</source>
      <translation>{0} rækker ligger uden for kommunen (de ville blokere indsendelsen):</translation>
    </message>
    <message>
      <source>• and {0} more</source>
      <translation>• og {0} flere</translation>
    </message>
    <message>
      <source>{0} was not imported; see the preview for why.</source>
      <translation>{0} blev ikke importeret; se forhåndsvisningen for hvorfor.</translation>
    </message>
    <message>
      <source>{0} were not imported; see the preview for why.</source>
      <translation>{0} blev ikke importeret; se forhåndsvisningen for hvorfor.</translation>
    </message>
  </context>
  <context>
    <name>IssueLayer</name>
    <message>
      <source>Overblikskort findings</source>
      <translation>Overblikskort: fund</translation>
    </message>
  </context>
  <context>
    <name>KontrolDock</name>
    <message>
      <source>Check (Kontrol)</source>
      <translation>Kontrol</translation>
    </message>
    <message>
      <source>Run check</source>
      <translation>Kør kontrol</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annullér</translation>
    </message>
    <message>
      <source>Apply safe fixes</source>
      <translation>Anvend sikre rettelser</translation>
    </message>
    <message>
      <source>Writes the geometries the check repaired into the layers as one edit you can undo; nothing is saved.</source>
      <translation>Skriver de geometrier, kontrollen reparerede, ind i lagene som én redigering, du kan fortryde; intet gemmes.</translation>
    </message>
    <message>
      <source>Reference layers…</source>
      <translation>Referencelag…</translation>
    </message>
    <message>
      <source>Open a workspace and run the check.</source>
      <translation>Åbn en arbejdsfil, og kør kontrollen.</translation>
    </message>
    <message>
      <source>Reference layers the check used</source>
      <translation>Referencelag, kontrollen brugte</translation>
    </message>
    <message>
      <source>Findings of the check</source>
      <translation>Kontrollens fund</translation>
    </message>
    <message>
      <source>The chosen finding and how to fix it</source>
      <translation>Det valgte fund, og sådan retter du det</translation>
    </message>
    <message>
      <source>Looking for newer reference layers at the publisher…</source>
      <translation>Ser efter nyere referencelag hos publiceringstjenesten…</translation>
    </message>
    <message>
      <source>Checking…</source>
      <translation>Kontrollerer…</translation>
    </message>
    <message>
      <source>Rule set {0}: {1} blocking, {2} warning, {3} info. {4}</source>
      <translation>Regelsæt {0}: {1} blokerende, {2} advarsel, {3} info. {4}</translation>
    </message>
    <message>
      <source>Rule set {0}: {1} blocking, {2} warnings, {3} info. {4}</source>
      <translation>Regelsæt {0}: {1} blokerende, {2} advarsler, {3} info. {4}</translation>
    </message>
    <message>
      <source>Submission {0}: {1}. The publisher's report (rule set {2}): {3} blocking, {4} warning, {5} info.</source>
      <translation>Indsendelse {0}: {1}. Publiceringstjenestens rapport (regelsæt {2}): {3} blokerende, {4} advarsel, {5} info.</translation>
    </message>
    <message>
      <source>Submission {0}: {1}. The publisher's report (rule set {2}): {3} blocking, {4} warnings, {5} info.</source>
      <translation>Indsendelse {0}: {1}. Publiceringstjenestens rapport (regelsæt {2}): {3} blokerende, {4} advarsler, {5} info.</translation>
    </message>
    <message>
      <source>No Overblikskort workspace is open: use 'New workspace' or 'Open workspace' first.</source>
      <translation>Ingen Overblikskort-arbejdsfil er åben: brug først 'Ny arbejdsfil' eller 'Åbn arbejdsfil'.</translation>
    </message>
    <message>
      <source>Set the municipality code under Settings ▸ Options ▸ Overblikskort before checking.</source>
      <translation>Angiv kommunekoden under Indstillinger ▸ Indstillinger ▸ Overblikskort, før du kontrollerer.</translation>
    </message>
    <message>
      <source>Blocking findings must be fixed before sending.</source>
      <translation>Blokerende fund skal rettes før indsendelse.</translation>
    </message>
    <message>
      <source>Nothing blocks sending.</source>
      <translation>Intet forhindrer indsendelse.</translation>
    </message>
    <message>
      <source>How to fix</source>
      <translation>Sådan retter du det</translation>
    </message>
    <message>
      <source>{0} geometry repaired in the edit buffer: look at it, then save the edits (or undo with Ctrl+Z).</source>
      <translation>{0} geometri repareret i redigeringsbufferen: se den efter, og gem så redigeringerne (eller fortryd med Ctrl+Z).</translation>
    </message>
    <message>
      <source>{0} geometries repaired in the edit buffer: look at them, then save the edits (or undo with Ctrl+Z).</source>
      <translation>{0} geometrier repareret i redigeringsbufferen: se dem efter, og gem så redigeringerne (eller fortryd med Ctrl+Z).</translation>
    </message>
    <message>
      <source>A reference layer cannot be used: {0}</source>
      <translation>Et referencelag kan ikke bruges: {0}</translation>
    </message>
  </context>
  <context>
    <name>LayerOrder</name>
    <message>
      <source>Erhvervsstyrelsen's reference layers</source>
      <translation>Erhvervsstyrelsens referencelag</translation>
    </message>
    <message>
      <source>{0} – Erhvervsstyrelsen {1}</source>
      <translation>{0} – Erhvervsstyrelsen {1}</translation>
    </message>
  </context>
  <context>
    <name>OptionsPage</name>
    <message>
      <source>Publisher address</source>
      <translation>Publiceringstjenestens adresse</translation>
    </message>
    <message>
      <source>Municipality code (kommunekode)</source>
      <translation>Kommunekode</translation>
    </message>
    <message>
      <source>Authentication (token)</source>
      <translation>Godkendelse (token)</translation>
    </message>
    <message>
      <source>The token is kept in the QGIS authentication database, never in the settings or the project.</source>
      <translation>Token gemmes i QGIS' godkendelsesdatabase, aldrig i indstillingerne eller projektet.</translation>
    </message>
  </context>
  <context>
    <name>Overblikskort</name>
    <message>
      <source>New workspace…</source>
      <translation>Ny arbejdsfil…</translation>
    </message>
    <message>
      <source>Open workspace…</source>
      <translation>Åbn arbejdsfil…</translation>
    </message>
    <message>
      <source>Import into workspace…</source>
      <translation>Importér til arbejdsfil…</translation>
    </message>
    <message>
      <source>Fetch Erhvervsstyrelsen's reference layers…</source>
      <translation>Hent Erhvervsstyrelsens referencelag…</translation>
    </message>
    <message>
      <source>Check workspace (Kontrol)</source>
      <translation>Kontrollér arbejdsfil</translation>
    </message>
    <message>
      <source>Send for approval…</source>
      <translation>Send til godkendelse…</translation>
    </message>
    <message>
      <source>My submissions…</source>
      <translation>Mine indsendelser…</translation>
    </message>
  </context>
  <context>
    <name>PlandataDialog</name>
    <message>
      <source>Lokalplaner from Plandata (WFS)</source>
      <translation>Lokalplaner fra Plandata (WFS)</translation>
    </message>
    <message>
      <source>Show layers</source>
      <translation>Vis lag</translation>
    </message>
    <message>
      <source>Press 'Show layers' to read the service.</source>
      <translation>Tryk 'Vis lag' for at læse tjenesten.</translation>
    </message>
    <message>
      <source>WFS address</source>
      <translation>WFS-adresse</translation>
    </message>
    <message>
      <source>Layer</source>
      <translation>Lag</translation>
    </message>
    <message>
      <source>Plandata lokalplaner</source>
      <translation>Plandata lokalplaner</translation>
    </message>
    <message>
      <source>Only municipality {0}</source>
      <translation>Kun kommune {0}</translation>
    </message>
    <message>
      <source>Plandata lokalplaner {0}</source>
      <translation>Plandata lokalplaner {0}</translation>
    </message>
    <message>
      <source>{0} layers; Plandata's adopted lokalplaner are chosen.</source>
      <translation>{0} lag; Plandatas vedtagne lokalplaner er valgt.</translation>
    </message>
    <message>
      <source>{0} layers; choose the one with the lokalplaner.</source>
      <translation>{0} lag; vælg det med lokalplanerne.</translation>
    </message>
  </context>
  <context>
    <name>Processing</name>
    <message>
      <source>Sites to confirm</source>
      <translation>Arealer der skal bekræftes</translation>
    </message>
    <message>
      <source>Asks the publisher which of the municipality's published sites were last confirmed more than 12 months ago (overdue) or will be within 30 days, lists them, selects them in the chosen site layer of the workspace and writes them to a layer with their state and the date they must be confirmed by.</source>
      <translation>Spørger publiceringstjenesten, hvilke af kommunens udgivne arealer der sidst blev bekræftet for mere end 12 måneder siden (forfaldne) eller bliver det inden for 30 dage, oplister dem, vælger dem i arbejdsfilens valgte arealag og skriver dem til et lag med deres tilstand og datoen, de skal bekræftes senest.</translation>
    </message>
    <message>
      <source>Site layer of the workspace (erhvervsareal)</source>
      <translation>Arbejdsfilens arealag (erhvervsareal)</translation>
    </message>
    <message>
      <source>Municipality code (kommunekode)</source>
      <translation>Kommunekode</translation>
    </message>
    <message>
      <source>Publisher address</source>
      <translation>Publiceringstjenestens adresse</translation>
    </message>
    <message>
      <source>Authentication (token)</source>
      <translation>Godkendelse (token)</translation>
    </message>
    <message>
      <source>Select them in the site layer</source>
      <translation>Vælg dem i arealaget</translation>
    </message>
    <message>
      <source>Overdue sites</source>
      <translation>Forfaldne arealer</translation>
    </message>
    <message>
      <source>Sites due within 30 days</source>
      <translation>Arealer der forfalder inden for 30 dage</translation>
    </message>
    <message>
      <source>Sites found in the layer</source>
      <translation>Arealer fundet i laget</translation>
    </message>
    <message>
      <source>last confirmed</source>
      <translation>sidst bekræftet</translation>
    </message>
    <message>
      <source>confirm by</source>
      <translation>bekræftes senest</translation>
    </message>
    <message>
      <source>{0} of the sites are not in the layer (deleted or in another workspace).</source>
      <translation>{0} af arealerne er ikke i laget (slettet eller i en anden arbejdsfil).</translation>
    </message>
    <message>
      <source>Export submission</source>
      <translation>Eksportér indsendelse</translation>
    </message>
    <message>
      <source>Checks the workspace against Erhvervsstyrelsen's reference layers and writes the submission GeoPackage: the data model's layers and fields only, in EPSG:25832. Blocking findings stop the export unless you allow them, and so does a check that could not run for want of a reference layer.</source>
      <translation>Kontrollerer arbejdsfilen mod Erhvervsstyrelsens referencelag og skriver indsendelsens GeoPackage: kun datamodellens lag og felter, i EPSG:25832. Blokerende fund stopper eksporten, medmindre du tillader dem, og det gør en kontrol, der ikke kunne køre for mangel på et referencelag, også.</translation>
    </message>
    <message>
      <source>Export even when something blocks sending</source>
      <translation>Eksportér selv om noget blokerer indsendelse</translation>
    </message>
    <message>
      <source>Submission</source>
      <translation>Indsendelse</translation>
    </message>
    <message>
      <source>{0} blocking finding: fix it first (run 'Validate workspace').</source>
      <translation>{0} blokerende fund: ret det først (kør 'Validér arbejdsfil').</translation>
    </message>
    <message>
      <source>{0} blocking findings: fix them first (run 'Validate workspace').</source>
      <translation>{0} blokerende fund: ret dem først (kør 'Validér arbejdsfil').</translation>
    </message>
    <message>
      <source>{0} – your own instead of Erhvervsstyrelsen's</source>
      <translation>{0} – dit eget i stedet for Erhvervsstyrelsens</translation>
    </message>
    <message>
      <source>Natura 2000 areas</source>
      <translation>Natura 2000-områder</translation>
    </message>
    <message>
      <source>§3 protected nature</source>
      <translation>§3-beskyttet natur</translation>
    </message>
    <message>
      <source>Preservation orders (fredninger)</source>
      <translation>Fredninger</translation>
    </message>
    <message>
      <source>Workspace (GeoPackage)</source>
      <translation>Arbejdsfil (GeoPackage)</translation>
    </message>
    <message>
      <source>Go on even when a check could not run for want of a reference layer (not recommended)</source>
      <translation>Fortsæt, selv om en kontrol ikke kunne køre for mangel på et referencelag (frarådes)</translation>
    </message>
    <message>
      <source>Could not check against {0}: fetch Erhvervsstyrelsen's reference layers (Overblikskort ▸ Fetch Erhvervsstyrelsen's reference layers…) or choose to go on without.</source>
      <translation>Kunne ikke kontrollere mod {0}: hent Erhvervsstyrelsens referencelag (Overblikskort ▸ Hent Erhvervsstyrelsens referencelag…), eller vælg at fortsætte uden.</translation>
    </message>
    <message>
      <source>Municipal boundaries (DAGI)</source>
      <translation>Kommunegrænser (DAGI)</translation>
    </message>
    <message>
      <source>Plandata lokalplaner</source>
      <translation>Plandata lokalplaner</translation>
    </message>
    <message>
      <source>The municipality code must be four digits (e.g. 0167), not '{0}'.</source>
      <translation>Kommunekoden skal være fire cifre (fx 0167), ikke '{0}'.</translation>
    </message>
    <message>
      <source>A reference layer cannot be used: {0}</source>
      <translation>Et referencelag kan ikke bruges: {0}</translation>
    </message>
    <message>
      <source>Send submission</source>
      <translation>Send indsendelse</translation>
    </message>
    <message>
      <source>Brings Erhvervsstyrelsen's reference layers up to date, checks the workspace against them, packages it and sends it to the publisher for approval. Blocking findings stop the send, and so does a check that could not run for want of a reference layer. The token is read from the chosen authentication configuration.</source>
      <translation>Henter Erhvervsstyrelsens nyeste referencelag, kontrollerer arbejdsfilen mod dem, pakker den og sender den til godkendelse hos publiceringstjenesten. Blokerende fund stopper indsendelsen, og det gør en kontrol, der ikke kunne køre for mangel på et referencelag, også. Token læses fra den valgte godkendelseskonfiguration.</translation>
    </message>
    <message>
      <source>The publisher's report</source>
      <translation>Publiceringstjenestens rapport</translation>
    </message>
    <message>
      <source>Submission number</source>
      <translation>Indsendelsesnummer</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Submission {0}: {1}</source>
      <translation>Indsendelse {0}: {1}</translation>
    </message>
    <message>
      <source>Could not look for newer reference layers ({0}); the check uses the copy at hand.</source>
      <translation>Kunne ikke se efter nyere referencelag ({0}); kontrollen bruger de lag, der er hentet.</translation>
    </message>
    <message>
      <source>Not sent: {0} blocking finding must be fixed first.</source>
      <translation>Ikke sendt: {0} blokerende fund skal rettes først.</translation>
    </message>
    <message>
      <source>Not sent: {0} blocking findings must be fixed first.</source>
      <translation>Ikke sendt: {0} blokerende fund skal rettes først.</translation>
    </message>
    <message>
      <source>Validate workspace</source>
      <translation>Validér arbejdsfil</translation>
    </message>
    <message>
      <source>Runs the publisher's rulebook on an Overblikskort workspace and writes the report (JSON, the publisher's format) and a point layer with one point per finding. It checks against Erhvervsstyrelsen's reference layers fetched by the plugin; layers you give are used instead for their kind. Rules that need a missing reference layer say so.</source>
      <translation>Kører publiceringstjenestens regelsæt på en Overblikskort-arbejdsfil og skriver rapporten (JSON, publiceringstjenestens format) og et punktlag med ét punkt pr. fund. Den kontrollerer mod Erhvervsstyrelsens referencelag, som pluginet har hentet; lag, du angiver, bruges i stedet for deres slags. Regler, der mangler et referencelag, siger det.</translation>
    </message>
    <message>
      <source>Report</source>
      <translation>Rapport</translation>
    </message>
    <message>
      <source>Findings</source>
      <translation>Fund</translation>
    </message>
    <message>
      <source>Something blocks sending</source>
      <translation>Noget blokerer indsendelse</translation>
    </message>
  </context>
  <context>
    <name>ReferenceKinds</name>
    <message>
      <source>Municipal boundaries (DAGI)</source>
      <translation>Kommunegrænser (DAGI)</translation>
    </message>
    <message>
      <source>Protected nature (Natura 2000, §3, fredninger)</source>
      <translation>Beskyttet natur (Natura 2000, §3, fredninger)</translation>
    </message>
    <message>
      <source>Natura 2000 areas</source>
      <translation>Natura 2000-områder</translation>
    </message>
    <message>
      <source>§3 protected nature</source>
      <translation>§3-beskyttet natur</translation>
    </message>
    <message>
      <source>Preservation orders (fredninger)</source>
      <translation>Fredninger</translation>
    </message>
    <message>
      <source>Plandata lokalplaner</source>
      <translation>Plandata lokalplaner</translation>
    </message>
    <message>
      <source>Plandata kommuneplanrammer</source>
      <translation>Plandata kommuneplanrammer</translation>
    </message>
    <message>
      <source>Sewerage catchments (kloakoplande)</source>
      <translation>Kloakoplande</translation>
    </message>
    <message>
      <source>District heating</source>
      <translation>Fjernvarme</translation>
    </message>
    <message>
      <source>Electricity grid</source>
      <translation>Elnet</translation>
    </message>
    <message>
      <source>Gas grid</source>
      <translation>Gasnet</translation>
    </message>
    <message>
      <source>Energy parks</source>
      <translation>Energiparker</translation>
    </message>
    <message>
      <source>Reference layers: {0}.</source>
      <translation>Referencelag: {0}.</translation>
    </message>
    <message>
      <source>Erhvervsstyrelsen's: {0}</source>
      <translation>Erhvervsstyrelsens: {0}</translation>
    </message>
    <message>
      <source>your own (not Erhvervsstyrelsen's): {0}</source>
      <translation>dine egne (ikke Erhvervsstyrelsens): {0}</translation>
    </message>
    <message>
      <source>none for {0}: use 'Fetch Erhvervsstyrelsen's reference layers'</source>
      <translation>ingen for {0}: brug 'Hent Erhvervsstyrelsens referencelag'</translation>
    </message>
  </context>
  <context>
    <name>ReferenceRefresh</name>
    <message>
      <source>Overblikskort: looking for newer reference layers</source>
      <translation>Overblikskort: ser efter nyere referencelag</translation>
    </message>
    <message>
      <source>Could not look for newer reference layers ({0}); the check uses the copy at hand.</source>
      <translation>Kunne ikke se efter nyere referencelag ({0}); kontrollen bruger de lag, der er hentet.</translation>
    </message>
  </context>
  <context>
    <name>ReferencesDialog</name>
    <message>
      <source>Reference layers for the check</source>
      <translation>Referencelag til kontrollen</translation>
    </message>
    <message>
      <source>Fetch Erhvervsstyrelsen's reference layers</source>
      <translation>Hent Erhvervsstyrelsens referencelag</translation>
    </message>
    <message>
      <source>By default Kontrol and the Processing algorithms check against these layers, so they answer as Erhvervsstyrelsen's check does. A newer version at the publisher is fetched before each check.</source>
      <translation>Kontrol og Processing-algoritmerne kontrollerer som standard mod disse lag, så de svarer som Erhvervsstyrelsens kontrol. En nyere version hos publiceringstjenesten hentes før hver kontrol.</translation>
    </message>
    <message>
      <source>Erhvervsstyrelsen's reference layers</source>
      <translation>Erhvervsstyrelsens referencelag</translation>
    </message>
    <message>
      <source>An own layer is used instead of Erhvervsstyrelsen's layer of the same kind; the check may then answer differently from Erhvervsstyrelsen's. Leave empty to use Erhvervsstyrelsen's.</source>
      <translation>Et eget lag bruges i stedet for Erhvervsstyrelsens lag af samme slags; så kan kontrollen svare anderledes end Erhvervsstyrelsens. Lad feltet stå tomt for at bruge Erhvervsstyrelsens.</translation>
    </message>
    <message>
      <source>Your own reference layers (not Erhvervsstyrelsen's)</source>
      <translation>Dine egne referencelag (ikke Erhvervsstyrelsens)</translation>
    </message>
    <message>
      <source>Overblikskort: fetching Erhvervsstyrelsen's reference layers</source>
      <translation>Overblikskort: henter Erhvervsstyrelsens referencelag</translation>
    </message>
    <message>
      <source>Fetching…</source>
      <translation>Henter…</translation>
    </message>
    <message>
      <source>Layer</source>
      <translation>Lag</translation>
    </message>
    <message>
      <source>Sources (loaded by Erhvervsstyrelsen)</source>
      <translation>Kilder (indlæst af Erhvervsstyrelsen)</translation>
    </message>
    <message>
      <source>Objects</source>
      <translation>Objekter</translation>
    </message>
    <message>
      <source>Fetched</source>
      <translation>Hentet</translation>
    </message>
    <message>
      <source>Not fetched yet.</source>
      <translation>Ikke hentet endnu.</translation>
    </message>
    <message>
      <source>Set the publisher address, the municipality code and the authentication under Settings ▸ Options ▸ Overblikskort first.</source>
      <translation>Angiv først publiceringstjenestens adresse, kommunekoden og godkendelsen under Indstillinger ▸ Indstillinger ▸ Overblikskort.</translation>
    </message>
    <message>
      <source>The layers at hand are Erhvervsstyrelsen's newest.</source>
      <translation>De hentede lag er Erhvervsstyrelsens nyeste.</translation>
    </message>
    <message>
      <source>Could not fetch the reference layers: {0}</source>
      <translation>Kunne ikke hente referencelagene: {0}</translation>
    </message>
    <message>
      <source>Fetched: {0}.</source>
      <translation>Hentet: {0}.</translation>
    </message>
    <message>
      <source>Compared with the publisher {0}.</source>
      <translation>Sammenlignet med publiceringstjenesten {0}.</translation>
    </message>
  </context>
  <context>
    <name>Repairs</name>
    <message>
      <source>Overblikskort: repair geometries</source>
      <translation>Overblikskort: reparér geometrier</translation>
    </message>
  </context>
  <context>
    <name>SendFlow</name>
    <message>
      <source>No Overblikskort workspace is open: use 'New workspace' or 'Open workspace' first.</source>
      <translation>Ingen Overblikskort-arbejdsfil er åben: brug først 'Ny arbejdsfil' eller 'Åbn arbejdsfil'.</translation>
    </message>
    <message>
      <source>Overblikskort: sending to the publisher</source>
      <translation>Overblikskort: sender til publiceringstjenesten</translation>
    </message>
    <message>
      <source>Set the publisher address and the municipality code under Settings ▸ Options ▸ Overblikskort before sending.</source>
      <translation>Angiv publiceringstjenestens adresse og kommunekoden under Indstillinger ▸ Indstillinger ▸ Overblikskort, før du sender.</translation>
    </message>
    <message>
      <source>Submission {0} received: {1}.</source>
      <translation>Indsendelse {0} modtaget: {1}.</translation>
    </message>
    <message>
      <source>A reference layer cannot be used: {0}</source>
      <translation>Et referencelag kan ikke bruges: {0}</translation>
    </message>
    <message>
      <source>Not sent: {0} blocking finding must be fixed first (see Kontrol).</source>
      <translation>Ikke sendt: {0} blokerende fund skal rettes først (se Kontrol).</translation>
    </message>
    <message>
      <source>Not sent: {0} blocking findings must be fixed first (see Kontrol).</source>
      <translation>Ikke sendt: {0} blokerende fund skal rettes først (se Kontrol).</translation>
    </message>
  </context>
  <context>
    <name>Settings</name>
    <message>
      <source>The municipality code must be four digits (e.g. 0167), not '{0}'.</source>
      <translation>Kommunekoden skal være fire cifre (fx 0167), ikke '{0}'.</translation>
    </message>
    <message>
      <source>The publisher address must start with https:// or http://, not '{0}'.</source>
      <translation>Publiceringstjenestens adresse skal begynde med https:// eller http://, ikke '{0}'.</translation>
    </message>
  </context>
  <context>
    <name>Submissions</name>
    <message>
      <source>Comments on submission {0}</source>
      <translation>Kommentarer til indsendelse {0}</translation>
    </message>
  </context>
  <context>
    <name>SubmissionsDialog</name>
    <message>
      <source>My submissions</source>
      <translation>Mine indsendelser</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>Opdatér</translation>
    </message>
    <message>
      <source>Show object comments on the map</source>
      <translation>Vis kommentarer til objekter på kortet</translation>
    </message>
    <message>
      <source>Show the publisher's report</source>
      <translation>Vis publiceringstjenestens rapport</translation>
    </message>
    <message>
      <source>Sites to confirm</source>
      <translation>Arealer der skal bekræftes</translation>
    </message>
    <message>
      <source>Select in the workspace</source>
      <translation>Vælg i arbejdsfilen</translation>
    </message>
    <message>
      <source>Confirm unchanged</source>
      <translation>Bekræft uændret</translation>
    </message>
    <message>
      <source>Sends a confirmation of the chosen sites (all when none is chosen) for approval; only their last-confirmed date changes, also in the workspace.</source>
      <translation>Sender en bekræftelse af de valgte arealer (alle, når ingen er valgt) til godkendelse; kun datoen for sidst bekræftet ændres, også i arbejdsfilen.</translation>
    </message>
    <message>
      <source>Overblikskort: fetching submissions</source>
      <translation>Overblikskort: henter indsendelser</translation>
    </message>
    <message>
      <source>Fetching…</source>
      <translation>Henter…</translation>
    </message>
    <message>
      <source>No site needs confirming.</source>
      <translation>Ingen arealer skal bekræftes.</translation>
    </message>
    <message>
      <source>Overblikskort: sending a confirmation</source>
      <translation>Overblikskort: sender en bekræftelse</translation>
    </message>
    <message>
      <source>{0} submission for kommune {1}.</source>
      <translation>{0} indsendelse for kommune {1}.</translation>
    </message>
    <message>
      <source>{0} submissions for kommune {1}.</source>
      <translation>{0} indsendelser for kommune {1}.</translation>
    </message>
    <message>
      <source>{0} comment shown in the layer '{1}'.</source>
      <translation>{0} kommentar vises i laget '{1}'.</translation>
    </message>
    <message>
      <source>{0} comments shown in the layer '{1}'.</source>
      <translation>{0} kommentarer vises i laget '{1}'.</translation>
    </message>
    <message>
      <source>No.</source>
      <translation>Nr.</translation>
    </message>
    <message>
      <source>Sent</source>
      <translation>Sendt</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>File</source>
      <translation>Fil</translation>
    </message>
    <message>
      <source>Comment from ERST</source>
      <translation>Kommentar fra ERST</translation>
    </message>
    <message>
      <source>Decided by</source>
      <translation>Afgjort af</translation>
    </message>
    <message>
      <source>Site</source>
      <translation>Areal</translation>
    </message>
    <message>
      <source>Last confirmed</source>
      <translation>Sidst bekræftet</translation>
    </message>
    <message>
      <source>Confirm by</source>
      <translation>Bekræftes senest</translation>
    </message>
    <message>
      <source>State</source>
      <translation>Tilstand</translation>
    </message>
    <message>
      <source>Set the publisher address and the municipality code under Settings ▸ Options ▸ Overblikskort.</source>
      <translation>Angiv publiceringstjenestens adresse og kommunekoden under Indstillinger ▸ Indstillinger ▸ Overblikskort.</translation>
    </message>
    <message>
      <source>Confirmation {0} of {1} sites was sent ({2}); they stay on this list until it is approved. {3} were given today's date in the workspace.</source>
      <translation>Bekræftelse {0} af {1} arealer er sendt ({2}); de står på listen, til den er godkendt. {3} fik dags dato i arbejdsfilen.</translation>
    </message>
    <message>
      <source>Choose a submission first.</source>
      <translation>Vælg først en indsendelse.</translation>
    </message>
    <message>
      <source>{0} overdue (not confirmed for 12 months), {1} due within 30 days. Select them in the workspace to review them, or confirm them unchanged.</source>
      <translation>{0} forfaldne (ikke bekræftet i 12 måneder), {1} forfalder inden for 30 dage. Vælg dem i arbejdsfilen for at gennemgå dem, eller bekræft dem uændrede.</translation>
    </message>
    <message>
      <source>{0} of {1} sites selected in the workspace.</source>
      <translation>{0} af {1} arealer valgt i arbejdsfilen.</translation>
    </message>
    <message>
      <source>Overblikskort: fetching submission {0}</source>
      <translation>Overblikskort: henter indsendelse {0}</translation>
    </message>
    <message>
      <source>The report of submission {0} is shown in Kontrol.</source>
      <translation>Rapporten for indsendelse {0} vises i Kontrol.</translation>
    </message>
    <message>
      <source>Submission {0} has no comments on single objects.</source>
      <translation>Indsendelse {0} har ingen kommentarer til enkelte objekter.</translation>
    </message>
  </context>
  <context>
    <name>ValueMapDialog</name>
    <message>
      <source>Value in the source</source>
      <translation>Værdi i kilden</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>Kode</translation>
    </message>
    <message>
      <source>Values of {0}</source>
      <translation>Værdier for {0}</translation>
    </message>
    <message>
      <source>(leave as it is)</source>
      <translation>(lad den være)</translation>
    </message>
    <message>
      <source>(nearest general code {0})</source>
      <translation>(nærmeste generelle kode {0})</translation>
    </message>
  </context>
  <context>
    <name>Workspace</name>
    <message>
      <source>points</source>
      <translation>punkter</translation>
    </message>
    <message>
      <source>lines</source>
      <translation>linjer</translation>
    </message>
    <message>
      <source>areas</source>
      <translation>flader</translation>
    </message>
    <message>
      <source>A workspace is a GeoPackage: the file name must end in .gpkg ({0}).</source>
      <translation>En arbejdsfil er en GeoPackage: filnavnet skal ende på .gpkg ({0}).</translation>
    </message>
    <message>
      <source>{0} already exists. Choose another name, or open it with 'Open workspace'.</source>
      <translation>{0} findes allerede. Vælg et andet navn, eller åbn den med 'Åbn arbejdsfil'.</translation>
    </message>
    <message>
      <source>Could not write layer {0} to {1}: {2}</source>
      <translation>Laget {0} kunne ikke skrives til {1}: {2}</translation>
    </message>
    <message>
      <source>The workspace {0} does not exist.</source>
      <translation>Arbejdsfilen {0} findes ikke.</translation>
    </message>
    <message>
      <source>{0} is not an Overblikskort workspace: the layers {1} are missing.</source>
      <translation>{0} er ikke en Overblikskort-arbejdsfil: lagene {1} mangler.</translation>
    </message>
    <message>
      <source>Layer {0} in {1} lacks the fields: {2}.</source>
      <translation>Laget {0} i {1} mangler felterne: {2}.</translation>
    </message>
    <message>
      <source>Could not add the fields {0} to {1} in {2}.</source>
      <translation>Felterne {0} kunne ikke tilføjes til {1} i {2}.</translation>
    </message>
  </context>
  <context>
    <name>WorkspaceActions</name>
    <message>
      <source>New workspace</source>
      <translation>Ny arbejdsfil</translation>
    </message>
    <message>
      <source>Open workspace</source>
      <translation>Åbn arbejdsfil</translation>
    </message>
    <message>
      <source>No municipality code is set: new objects get no kommunekode. Set it under Settings ▸ Options ▸ Overblikskort.</source>
      <translation>Der er ingen kommunekode angivet: nye objekter får ingen kommunekode. Angiv den under Indstillinger ▸ Indstillinger ▸ Overblikskort.</translation>
    </message>
    <message>
      <source>The workspace was brought up to data model {0}; added: {1}.</source>
      <translation>Arbejdsfilen er opdateret til datamodel {0}; tilføjet: {1}.</translation>
    </message>
  </context>
</TS>
