"""The KPI dashboards and the onboarding wizard in the real web client
(headless Chromium), as the planner, a store manager and the retail administrator."""
import datetime

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from test_browser import _assert_clean_page, _login, browser  # noqa: F401 (fixture)
from test_governance_xmlrpc import Client

pytestmark = pytest.mark.browser
ACTION = '/web#action=retail_inventory_harmonization.%s'


@pytest.fixture(scope='module')
def snapshots(odoo_server):
    """The snapshots of the demo's history, as the nightly job leaves them
    (recomputing is idempotent: the rows of a week are replaced, not added)."""
    controller = Client(odoo_server, 'inventory_controller')
    controller('retail.kpi.snapshot', 'compute_snapshots', 9)
    return controller


def _overview_cards(driver, server, wait, login):
    driver.get(server.url + ACTION % 'retail_kpi_overview_action')
    wait.until(EC.text_to_be_present_in_element(
        (By.CSS_SELECTOR, '.o_control_panel .breadcrumb'), 'Store Overview'))
    try:
        cards = wait.until(EC.presence_of_all_elements_located(
            (By.CSS_SELECTOR, '.o_kanban_view .o_kanban_record:not(.o_kanban_ghost)')))
    except TimeoutException:
        pytest.fail(_no_cards_report(driver, server, login))
    return [card.text for card in cards]


def _no_cards_report(driver, server, login):
    """Why no card came: the filters shown, what the page shows, and what the
    server gives this user for last week's stores (empty or slow?)."""
    facets = [facet.text for facet in driver.find_elements(By.CSS_SELECTOR, '.o_searchview_facet')]
    content = driver.find_elements(By.CSS_SELECTOR, '.o_content')
    today = datetime.date.today()
    domain = [('cluster_id', '!=', False),
              ('week_start', '>=', str(today - datetime.timedelta(days=13))),
              ('week_start', '<=', str(today - datetime.timedelta(days=7)))]
    rows = Client(server, login)('retail.kpi.snapshot', 'search_read', domain,
                                 fields=['warehouse_id', 'week'])
    return 'No store card for %s: filters %s, page %r; the server gives %d rows: %s' % (
        login, facets, content[0].text[:300] if content else driver.current_url,
        len(rows), sorted({(row['warehouse_id'][1], row['week']) for row in rows})[:5])


def test_planner_sees_network_dashboard(odoo_server, browser, snapshots):  # noqa: F811
    """The planner's overview shows every store, worst first; the analysis opens as a pivot."""
    wait = _login(browser, odoo_server, 'planner', 'retail')
    texts = _overview_cards(browser, odoo_server, wait, 'planner')
    stores = {text.split('\n')[0] for text in texts}
    assert len(stores) == 35, sorted(stores)
    browser.get(odoo_server.url + ACTION % 'retail_kpi_analysis_action')
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '.o_pivot table')))
    header = browser.find_element(By.CSS_SELECTOR, '.o_pivot table').text
    assert 'Urban small format' in header and 'Health Score' in header, header[:300]
    _assert_clean_page(browser, odoo_server)


def test_store_manager_sees_own_stores(odoo_server, browser, snapshots):  # noqa: F811
    """The store manager's overview shows their three stores only."""
    wait = _login(browser, odoo_server, 'store_manager', 'retail')
    texts = _overview_cards(browser, odoo_server, wait, 'store_manager')
    stores = {text.split('\n')[0].split(' ')[1] for text in texts}
    assert stores == {'S001', 'S002', 'S003'}, stores
    _assert_clean_page(browser, odoo_server)


def test_retail_admin_opens_onboarding_wizard(odoo_server, browser):  # noqa: F811
    """The retail administrator opens the onboarding wizard from the Retail Operations menu."""
    wait = _login(browser, odoo_server, 'retail_admin', 'retail')
    browser.get(odoo_server.url + ACTION % 'retail_store_template_action')
    rows = wait.until(EC.presence_of_all_elements_located(
        (By.CSS_SELECTOR, '.o_list_view tbody tr.o_data_row')))
    assert any('Urban small format' in row.text for row in rows)
    browser.get(odoo_server.url + ACTION % 'retail_store_onboarding_action')
    dialog = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, '.modal-dialog')))
    wait.until(EC.visibility_of_element_located(
        (By.CSS_SELECTOR, '.modal-dialog button[name=action_onboard]')))
    for label in ('Store Template', 'Store Name', 'Short Code', 'Staff'):
        assert label in dialog.text, dialog.text
    _assert_clean_page(browser, odoo_server)
