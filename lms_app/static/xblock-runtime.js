/* The LMS side of the XBlock JavaScript API: find each block that asked for
   an init function and call it with a runtime that knows the block's signed
   handler URL. Pages work without it: every block is a plain form. */
(function () {
  "use strict";
  var runtime = {
    handlerUrl: function (element, handler, suffix, query) {
      var block = element.closest ? element.closest(".xblock") : element;
      var url = block.getAttribute("data-handler-base").replace("__handler__", handler);
      if (suffix) { url = url.replace("/handler/" + handler, "/handler/" + handler + "/" + suffix); }
      if (query) { url += "&" + query; }
      return url;
    },
    notify: function () {}
  };
  function init() {
    var blocks = document.querySelectorAll(".xblock[data-init]");
    for (var i = 0; i < blocks.length; i++) {
      var fn = window[blocks[i].getAttribute("data-init")];
      if (typeof fn === "function") {
        try { fn(runtime, blocks[i]); } catch (e) { /* the plain form still works */ }
      }
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
