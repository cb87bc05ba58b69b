// lecture-widgets: the series' widgets where JupyterLab alone falls short.
//
// 1. A picture while the live view cannot load. A widget of lecture_utils
//    displays one bundle: the widget view, and the PNG of its default state
//    as a fallback. JupyterLab always chooses the widget view, and when its
//    model is gone (the notebook was saved and reopened, the kernel is
//    restarted or absent) ipywidgets shows "Loading widget..." or "Error
//    displaying widget: model not found". Each notebook's widget renderer is
//    changed here: it shows the bundle's PNG (at its CSS size) and its line of
//    text in place of those messages, until the live view is really there.
//
// 2. ipywidgets 8 on RISE slides. jupyterlab_widgets takes @jupyterlab/console
//    from webpack's shared module scope, and the RISE app does not put that
//    package there, so the widget manager failed to load on slides. A shared
//    package is only offered if the build imports it: the lazy import below
//    makes this extension bundle @jupyterlab/console 4.3.4 (RISE's version)
//    and offer it as a singleton. Nothing calls it. Plain JupyterLab keeps its
//    own, newer console, since a singleton takes the highest version offered.
export const provideConsole = () => import('@jupyterlab/console');

const WIDGET_VIEW = 'application/vnd.jupyter.widget-view+json';

// The default state as an ordinary picture with its line of text.
function picture(model) {
  const node = document.createElement('div');
  node.className = 'lecture-widget-picture';
  const img = document.createElement('img');
  img.src = `data:image/png;base64,${model.data['image/png']}`;
  const size = (model.metadata || {})['image/png'] || {};
  if (size.width) img.width = size.width;
  img.style.maxWidth = '100%';
  img.style.height = 'auto';
  img.alt = String(model.data['text/plain'] || 'default state of the widget');
  node.appendChild(img);
  if (model.data['text/plain']) {
    const line = document.createElement('pre');
    line.textContent = String(model.data['text/plain']);
    node.appendChild(line);
  }
  return node;
}

// The controls of a widget, made usable with the keyboard. A focused slider
// handle or drop-down is not a text field, so JupyterLab's notebook shortcuts
// would take its keys (ArrowDown selects the next cell). Lumino skips
// shortcuts inside an element marked data-lm-suppress-shortcuts, and a key that
// reaches the control's box bubbles no further. On a RISE slide this is not
// enough: reveal.js still sees the arrow keys first and changes the slide, so
// there a widget is driven with the mouse (the README says so).
const CONTROLS =
  '.widget-slider, .widget-dropdown, .widget-toggle-buttons, .widget-radio, .widget-checkbox, ' +
  '.widget-toggle-button, .widget-button, .widget-play, .widget-text';

function keepKeys(node) {
  for (const control of node.querySelectorAll(CONTROLS)) {
    if (control.hasAttribute('data-lm-suppress-shortcuts')) continue;
    control.setAttribute('data-lm-suppress-shortcuts', 'true');
    control.addEventListener('keydown', event => event.stopPropagation());
  }
}

// Renderers of the widget view, made to show the picture until the live view
// is attached. They stay instances of ipywidgets' own renderer class (only
// their prototype changes), so the widget manager still finds them in the
// notebook and binds them when its kernel is ready.
const withPicture = new WeakMap(); // ipywidgets' renderer class → its subclass here

function subclass(Renderer) {
  if (!withPicture.has(Renderer)) {
    withPicture.set(
      Renderer,
      class extends Renderer {
        async renderModel(model) {
          const view = model.data[WIDGET_VIEW] || {};
          if (view.model_id === '') {
            // The default state's line, for readers without widgets: ipywidgets hides
            // it too, but only once a kernel is ready, and says "Loading widget..." until then.
            this.hide();
            return;
          }
          if (!model.data['image/png']) {
            return super.renderModel(model);
          }
          const show = () => {
            // No live view yet (or none to come): the picture instead of a status text.
            if (this.widgets.length > 0) return;
            this._lecturePicture = this._lecturePicture || picture(model);
            this.node.textContent = '';
            this.node.appendChild(this._lecturePicture);
          };
          const rendering = super.renderModel(model); // it writes "Loading widget..." first
          show();
          await rendering;
          show(); // "Error displaying widget: model not found", or still waiting
          if (this.widgets.length > 0) {
            keepKeys(this.node);
            this._lectureKeys = this._lectureKeys || new MutationObserver(() => keepKeys(this.node));
            this._lectureKeys.observe(this.node, { childList: true, subtree: true });
          }
        }
      }
    );
  }
  return withPicture.get(Renderer);
}

function wrapFactory(factory) {
  if (!factory || factory.lectureWithPicture) return factory;
  return {
    ...factory,
    lectureWithPicture: true,
    createRenderer: options => {
      const renderer = factory.createRenderer(options);
      Object.setPrototypeOf(renderer, subclass(renderer.constructor).prototype);
      return renderer;
    }
  };
}

// Wrap the notebook's widget-view factory now, and every one added later:
// ipywidgets replaces it with one bound to the widget manager once the
// kernel is ready.
function wrap(rendermime) {
  const add = rendermime.addFactory.bind(rendermime);
  rendermime.addFactory = (factory, rank) =>
    add(factory.mimeTypes.includes(WIDGET_VIEW) ? wrapFactory(factory) : factory, rank);
  const current = rendermime.getFactory(WIDGET_VIEW);
  if (current) add(wrapFactory(current), rendermime.getRank(WIDGET_VIEW));
}

export default {
  id: 'lecture-widgets:plugin',
  description: "Shows a widget's default picture while its live view cannot load; lets ipywidgets load on RISE slides.",
  autoStart: true,
  activate: app => {
    app.docRegistry.addWidgetExtension('Notebook', {
      createNew: panel => wrap(panel.content.rendermime)
    });
  }
};
