/* The last cell has been rendered: show the page (Voilà's stock template does this inline). */
window.voila_finish();
