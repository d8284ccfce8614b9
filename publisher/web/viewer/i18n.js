// Texts of the viewer's own interface. Field and code labels come from labels.json (the data model).
const TEXTS = {
  da: {
    title: "Overblikskort – erhvervsarealer",
    skipToList: "Spring til listen over arealer",
    searchLabel: "Søg kommune eller areal",
    openFull: "Åbn det store kort",
    mapLabel: "Kort over erhvervsarealer",
    close: "Luk",
    finder: "Find et areal",
    kommune: "Kommune",
    onlyInView: "Kun arealer i kortudsnittet",
    reset: "Nulstil filtre",
    results: "Arealer",
    showMore: "Vis flere",
    layers: "Lag og signaturforklaring",
    data: "Data",
    embedTitle: "Indlejr kortet (fx på Virksomhedsguiden)",
    embedLabel: "HTML-kode til en iframe, der selv tilpasser sin højde",
    any: "Alle",
    count: (shown, total) => (total === 1 ? "1 areal passer til filtrene" : `${total} arealer passer til filtrene`)
      + (shown < total ? ` (viser ${shown})` : ""),
    none: "Ingen arealer passer til filtrene.",
    searchCount: (n) => `${n} forslag`,
    freeArea: "ledigt",
    yes: "Ja", no: "Nej", unknown: "Ikke oplyst",
    envDistance: (from, to) => `vejledende afstand til boliger ${from === to ? from : `${from}–${to}`} m`,
    lastConfirmed: "Sidst bekræftet",
    overdue: "– ikke bekræftet i over 12 måneder",
    loadingDetails: "Henter oplysninger om arealet …",
    detailsError: "De øvrige oplysninger om arealet kunne ikke hentes. Prøv igen senere.",
    searchError: "Søgningen kunne ikke indlæses.",
    priceUnit: (value) => `${value} kr./m²`,
    language: "English",
    ogc: "OGC API Features (til GIS)",
    kommuneResult: "Kommune",
    siteResult: "Areal",
    noData: "Kortet er endnu ikke offentliggjort.",
    mapError: "Kortet kunne ikke indlæses.",
    sortLabel: "Sortér efter",
    sortDistance: "Nærmest kortets midte",
    kommunePage: (name) => `${name} Kommunes side om arealet`,
    sitePage: "Kommunens side om arealet",
    share: "Del",
    shareLabel: "Del et link til arealet",
    linkCopied: "Linket er kopieret – indsæt det, hvor du vil dele det.",
    linkSelected: "Kopiér linket herunder (Ctrl+C).",
    permalinkLabel: "Link til arealet",
    siteGone: "Arealet fra linket er ikke længere på kortet. Det kan være solgt eller trukket tilbage af kommunen.",
    closeNotice: "Luk beskeden",
    newData: "Kortet er opdateret – vis nye data",
    parkResult: "Industripark",
    lokalplanResult: "Lokalplan",
    townResult: "By",
    placeResult: "Sted",
    tabsLabel: "Visning",
    tabMap: "Kort",
    tabFilters: "Filtre",
    tabList: "Liste",
    tabLayers: "Lag",
    searchHint: "Skriv et kommune-, areal- eller stednavn. Brug pil op og ned og Enter.",
  },
  en: {
    title: "Overview map – business sites",
    skipToList: "Skip to the list of sites",
    searchLabel: "Search municipality or site",
    openFull: "Open the full map",
    mapLabel: "Map of business sites",
    close: "Close",
    finder: "Find a site",
    kommune: "Municipality",
    onlyInView: "Only sites in the map view",
    reset: "Reset filters",
    results: "Sites",
    showMore: "Show more",
    layers: "Layers and legend",
    data: "Data",
    embedTitle: "Embed the map (e.g. on Virksomhedsguiden)",
    embedLabel: "HTML code for an iframe that fits its height to the map",
    any: "All",
    count: (shown, total) => (total === 1 ? "1 site matches the filters" : `${total} sites match the filters`)
      + (shown < total ? ` (showing ${shown})` : ""),
    none: "No sites match the filters.",
    searchCount: (n) => (n === 1 ? "1 suggestion" : `${n} suggestions`),
    freeArea: "free",
    yes: "Yes", no: "No", unknown: "Not stated",
    envDistance: (from, to) => `guide distance to housing ${from === to ? from : `${from}–${to}`} m`,
    lastConfirmed: "Last confirmed",
    overdue: "– not confirmed for over 12 months",
    loadingDetails: "Loading the site's details …",
    detailsError: "The site's other details could not be loaded. Please try again later.",
    searchError: "The search could not be loaded.",
    priceUnit: (value) => `DKK ${value}/m²`,
    language: "Dansk",
    ogc: "OGC API Features (for GIS)",
    kommuneResult: "Municipality",
    siteResult: "Site",
    noData: "The map has not been published yet.",
    mapError: "The map could not be loaded.",
    sortLabel: "Sort by",
    sortDistance: "Nearest the map centre",
    kommunePage: (name) => `${name} Municipality's page about the site`,
    sitePage: "The municipality's page about the site",
    share: "Share",
    shareLabel: "Share a link to the site",
    linkCopied: "The link is copied – paste it where you want to share it.",
    linkSelected: "Copy the link below (Ctrl+C).",
    permalinkLabel: "Link to the site",
    siteGone: "The site from the link is no longer on the map. It may have been sold or withdrawn by the municipality.",
    closeNotice: "Close the message",
    newData: "The map has been updated – show the new data",
    parkResult: "Industrial park",
    lokalplanResult: "Local plan",
    townResult: "Town",
    placeResult: "Place",
    tabsLabel: "View",
    tabMap: "Map",
    tabFilters: "Filters",
    tabList: "List",
    tabLayers: "Layers",
    searchHint: "Type the name of a municipality, a site or a place. Use the up and down arrows and Enter.",
  },
};

// MapLibre's own control texts (its `locale` option), in the page's language.
const MAP_LOCALES = {
  da: {
    "AttributionControl.ToggleAttribution": "Vis eller skjul kilder",
    "AttributionControl.MapFeedback": "Kommentarer til kortet",
    "FullscreenControl.Enter": "Fuld skærm",
    "FullscreenControl.Exit": "Afslut fuld skærm",
    "GeolocateControl.FindMyLocation": "Find min position",
    "GeolocateControl.LocationNotAvailable": "Positionen er ikke tilgængelig",
    "LogoControl.Title": "MapLibre-logo",
    "Map.Title": "Kort",
    "Marker.Title": "Kortmarkør",
    "NavigationControl.ResetBearing": "Træk for at dreje kortet, klik for at vende nord op",
    "NavigationControl.ZoomIn": "Zoom ind",
    "NavigationControl.ZoomOut": "Zoom ud",
    "Popup.Close": "Luk",
    "ScaleControl.Feet": "fod",
    "ScaleControl.Meters": "m",
    "ScaleControl.Kilometers": "km",
    "ScaleControl.Miles": "mil",
    "ScaleControl.NauticalMiles": "sømil",
    "GlobeControl.Enable": "Vis som globus",
    "GlobeControl.Disable": "Vis som fladt kort",
    "TerrainControl.Enable": "Vis terræn",
    "TerrainControl.Disable": "Skjul terræn",
    "CooperativeGesturesHandler.WindowsHelpText": "Brug Ctrl + rullehjul for at zoome i kortet",
    "CooperativeGesturesHandler.MacHelpText": "Brug ⌘ + rullehjul for at zoome i kortet",
    "CooperativeGesturesHandler.MobileHelpText": "Brug to fingre for at flytte kortet",
  },
  en: {
    "AttributionControl.ToggleAttribution": "Show or hide sources",
    "AttributionControl.MapFeedback": "Map feedback",
    "FullscreenControl.Enter": "Enter fullscreen",
    "FullscreenControl.Exit": "Exit fullscreen",
    "GeolocateControl.FindMyLocation": "Find my location",
    "GeolocateControl.LocationNotAvailable": "Location not available",
    "LogoControl.Title": "MapLibre logo",
    "Map.Title": "Map",
    "Marker.Title": "Map marker",
    "NavigationControl.ResetBearing": "Drag to rotate map, click to reset north",
    "NavigationControl.ZoomIn": "Zoom in",
    "NavigationControl.ZoomOut": "Zoom out",
    "Popup.Close": "Close popup",
    "ScaleControl.Feet": "ft",
    "ScaleControl.Meters": "m",
    "ScaleControl.Kilometers": "km",
    "ScaleControl.Miles": "mi",
    "ScaleControl.NauticalMiles": "nm",
    "GlobeControl.Enable": "Enable globe",
    "GlobeControl.Disable": "Disable globe",
    "TerrainControl.Enable": "Enable terrain",
    "TerrainControl.Disable": "Disable terrain",
    "CooperativeGesturesHandler.WindowsHelpText": "Use Ctrl + scroll to zoom the map",
    "CooperativeGesturesHandler.MacHelpText": "Use ⌘ + scroll to zoom the map",
    "CooperativeGesturesHandler.MobileHelpText": "Use two fingers to move the map",
  },
};

export function mapLocale(code = language) {
  return MAP_LOCALES[code];
}

let language = "da";

export function setLanguage(code) {
  language = code === "en" ? "en" : "da";
  document.documentElement.lang = language;
}

export function currentLanguage() {
  return language;
}

export function t(key, ...args) {
  const value = TEXTS[language][key];
  return typeof value === "function" ? value(...args) : value;
}

export function applyStaticTexts(root = document) {
  for (const element of root.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of root.querySelectorAll("[data-i18n-label]")) {
    element.setAttribute("aria-label", t(element.dataset.i18nLabel));
  }
  document.title = t("title");
  const switcher = document.getElementById("language");
  switcher.textContent = t("language");
  switcher.lang = language === "da" ? "en" : "da";
}
