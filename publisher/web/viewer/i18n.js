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
    embedLabel: "HTML-kode til en iframe",
    any: "Alle",
    count: (shown, total) => (total === 1 ? "1 areal passer til filtrene" : `${total} arealer passer til filtrene`)
      + (shown < total ? ` (viser ${shown})` : ""),
    none: "Ingen arealer passer til filtrene.",
    searchCount: (n) => `${n} forslag`,
    freeArea: "ledigt",
    yes: "Ja", no: "Nej", unknown: "Ikke oplyst",
    envDistance: (from, to) => `vejledende afstand til boliger ${from === to ? from : `${from}–${to}`} m`,
    lastConfirmed: "Sidst bekræftet",
    loadingDetails: "Henter oplysninger om arealet …",
    detailsError: "De øvrige oplysninger om arealet kunne ikke hentes. Prøv igen senere.",
    searchError: "Søgningen kunne ikke indlæses.",
    priceUnit: (value) => `${value} kr./m²`,
    language: "English",
    ogc: "OGC API Features (til GIS)",
    kommuneResult: "Kommune",
    siteResult: "Areal",
    noData: "Kortet er endnu ikke offentliggjort.",
    newData: "Kortets data er opdateret.",
    reload: "Indlæs igen",
    mapError: "Kortet kunne ikke indlæses.",
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
    embedLabel: "HTML code for an iframe",
    any: "All",
    count: (shown, total) => (total === 1 ? "1 site matches the filters" : `${total} sites match the filters`)
      + (shown < total ? ` (showing ${shown})` : ""),
    none: "No sites match the filters.",
    searchCount: (n) => (n === 1 ? "1 suggestion" : `${n} suggestions`),
    freeArea: "free",
    yes: "Yes", no: "No", unknown: "Not stated",
    envDistance: (from, to) => `guide distance to housing ${from === to ? from : `${from}–${to}`} m`,
    lastConfirmed: "Last confirmed",
    loadingDetails: "Loading the site's details …",
    detailsError: "The site's other details could not be loaded. Please try again later.",
    searchError: "The search could not be loaded.",
    priceUnit: (value) => `DKK ${value}/m²`,
    language: "Dansk",
    ogc: "OGC API Features (for GIS)",
    kommuneResult: "Municipality",
    siteResult: "Site",
    noData: "The map has not been published yet.",
    newData: "The map's data have been updated.",
    reload: "Reload",
    mapError: "The map could not be loaded.",
  },
};

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
