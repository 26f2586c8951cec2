// The design system's mobile menu: its script (loaded just before this one) swaps the menu's
// label for a button with aria-expanded. Without JavaScript the label ticks the checkbox instead.
const menu = document.querySelector('[data-module="ds-mobile-navigation-menu"]');
if (menu && window.DS) {
  new window.DS.components.SiteNavigation(menu).init();
  // With the button in place, the checkbox is no longer how the menu opens.
  document.getElementById("menu").hidden = true;
}
