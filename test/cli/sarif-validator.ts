/**
 * A structural check of the SARIF 2.1.0 subset GitHub code scanning requires and kube-graceful
 * promises; returns what is wrong, so a failing test shows every problem at once.
 */
export function sarifProblems(log: unknown): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  expect(at(log, '$schema') === 'https://json.schemastore.org/sarif-2.1.0.json', '$schema');
  expect(at(log, 'version') === '2.1.0', 'version');
  expect(list(at(log, 'runs')).length === 1, 'exactly one run');
  const run = at(log, 'runs', 0);
  const driver = at(run, 'tool', 'driver');
  expect(at(driver, 'name') === 'kube-graceful', 'tool.driver.name');
  expect(isHttpsUrl(at(driver, 'informationUri')), 'tool.driver.informationUri');
  expect(isNonEmptyString(at(driver, 'version')), 'tool.driver.version');
  const rules = list(at(driver, 'rules'));
  expect(rules.length > 0, 'tool.driver.rules');
  rules.forEach((rule, index) => {
    const where = `rules[${index}]`;
    const name = at(rule, 'name');
    const tags = at(rule, 'properties', 'tags');
    expect(isNonEmptyString(at(rule, 'id')), `${where}.id`);
    expect(isNonEmptyString(name) && !/\s/.test(name), `${where}.name is an identifier`);
    expect(isNonEmptyString(at(rule, 'shortDescription', 'text')), `${where}.shortDescription.text`);
    expect(isNonEmptyString(at(rule, 'fullDescription', 'text')), `${where}.fullDescription.text`);
    expect(isHttpsUrl(at(rule, 'helpUri')), `${where}.helpUri`);
    expect(isLevel(at(rule, 'defaultConfiguration', 'level')), `${where}.defaultConfiguration.level`);
    expect(Array.isArray(tags) && tags.length > 0 && tags.every(isNonEmptyString), `${where}.properties.tags`);
  });
  expect(new Set(rules.map((rule) => at(rule, 'id'))).size === rules.length, 'rule ids are unique');

  const baseIds = at(run, 'originalUriBaseIds');
  for (const [id, base] of Object.entries(isObject(baseIds) ? baseIds : {})) {
    const uri = at(base, 'uri');
    expect(isNonEmptyString(uri) && uri.startsWith('file:///') && uri.endsWith('/'), `originalUriBaseIds.${id} is a folder uri`);
  }
  const checkLocations = (item: unknown, owner: string) => {
    const locations = list(at(item, 'locations'));
    expect(locations.length > 0, `${owner}.locations`);
    locations.forEach((location, index) => {
      const where = `${owner}.locations[${index}].physicalLocation`;
      const uri = at(location, 'physicalLocation', 'artifactLocation', 'uri');
      const baseId = at(location, 'physicalLocation', 'artifactLocation', 'uriBaseId');
      expect(isNonEmptyString(uri) && !uri.includes('\\') && !/\s/.test(uri), `${where}.artifactLocation.uri is a uri`);
      if (baseId !== undefined) {
        expect(isNonEmptyString(baseId) && isObject(baseIds) && baseId in baseIds, `${where}.artifactLocation.uriBaseId is declared`);
        expect(isNonEmptyString(uri) && !/^[a-z]+:/i.test(uri) && !uri.startsWith('/'), `${where}.artifactLocation.uri is relative`);
      }
      const region = at(location, 'physicalLocation', 'region');
      const [startLine, startColumn, endLine, endColumn] = ['startLine', 'startColumn', 'endLine', 'endColumn'].map((key) => at(region, key));
      const oneBased = [startLine, startColumn, endLine, endColumn].every((value) => Number.isInteger(value) && (value as number) >= 1);
      expect(oneBased, `${where}.region is 1-based`);
      if (oneBased) {
        const ordered = (endLine as number) > (startLine as number) || (endLine === startLine && (endColumn as number) >= (startColumn as number));
        expect(ordered, `${where}.region ends after it starts`);
      }
    });
  };
  expect(Array.isArray(at(run, 'results')), 'results');
  list(at(run, 'results')).forEach((result, index) => {
    const where = `results[${index}]`;
    const ruleIndex = at(result, 'ruleIndex');
    expect(isNonEmptyString(at(result, 'ruleId')), `${where}.ruleId`);
    expect(typeof ruleIndex === 'number' && at(rules[ruleIndex], 'id') === at(result, 'ruleId'), `${where}.ruleIndex points at its rule`);
    expect(isLevel(at(result, 'level')), `${where}.level`);
    expect(isNonEmptyString(at(result, 'message', 'text')), `${where}.message.text`);
    checkLocations(result, where);
  });
  const invocation = at(run, 'invocations', 0);
  expect(at(invocation, 'executionSuccessful') === true, 'invocations[0].executionSuccessful');
  list(at(invocation, 'toolExecutionNotifications')).forEach((notification, index) => {
    const where = `toolExecutionNotifications[${index}]`;
    expect(at(notification, 'level') === 'note', `${where}.level`);
    expect(isNonEmptyString(at(notification, 'message', 'text')), `${where}.message.text`);
    checkLocations(notification, where);
  });
  return problems;
}

/** The value at a path of keys and indexes, or undefined where the path breaks off. */
function at(value: unknown, ...keys: (string | number)[]): unknown {
  let current = value;
  for (const key of keys) current = isObject(current) || Array.isArray(current) ? (current as Record<string, unknown>)[key] : undefined;
  return current;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isHttpsUrl(value: unknown): boolean {
  return typeof value === 'string' && /^https:\/\/\S+$/.test(value);
}

function isLevel(value: unknown): boolean {
  return value === 'error' || value === 'warning' || value === 'note';
}
