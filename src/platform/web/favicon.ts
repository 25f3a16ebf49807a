/**
 * Our own tab icon, for pages of a workspace without a logo (and the operators' pages): a neutral
 * link mark on the default accent, so a platform's creators see no other product's name in the tab.
 */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b57d0"/>' +
  '<path d="M13.5 18.5l5-5M12.5 14.5l-2 2a3.5 3.5 0 0 0 5 5l2-2M19.5 17.5l2-2a3.5 3.5 0 0 0-5-5l-2 2" fill="none" stroke="#fff" stroke-width="2.4" stroke-linecap="round"/></svg>';
