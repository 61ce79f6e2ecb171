/** The simulator's initial world: the documentation's examples plus, optionally, a generated data set. */
import { seededRandom } from '../random.js';
import { Store } from '../store.js';
import { loadExamples } from './examples.js';
import { generate } from './generate.js';

export function createDataSet(options: { scale: number; seed: number }): Store {
  const store = new Store();
  loadExamples(store);
  generate(store, options.scale, seededRandom(options.seed));
  // Attachments are read-only in RCI, so a template's count is fixed once its attachments are loaded.
  for (const template of store.list('replyTemplates'))
    template.attachmentCount = store.count('attachments', template.id);
  return store;
}
